import { randomUUID } from 'node:crypto';
import type { Clock } from '../../core/clock';
import type { Dispatcher } from '../../core/dispatcher';
import type { Scope } from '../../core/scope';
import type { RuntimeTimers } from '../../core/timers';
import type { IdentityStore } from '../../identity/identity-store';
import type { DeliverySink, MatchedDelivery, SourceCursor } from '../../services/events/events';
import { renderTargetInput } from '../../services/events/transformer';
import { sendToDeadLetterQueue } from './dead-letter';
import { deliveryFailure } from './delivery-failure';
import type { DeliveryQueue, PendingDelivery } from './delivery-queue';
import { targetKindOf, targetRefusal } from './index';
import { afterAttempt, type AttemptOutcome, type Backoff, type NextStep, retryPolicyOf } from './retry-decisions';
import type { TargetContext } from './target-kind';

export interface DeliveryConfig extends Backoff {}

/** AWS documents exponential backoff with jitter but no delays; these spread 185 retries over about a day. */
export const DEFAULT_DELIVERY_CONFIG: DeliveryConfig = { baseDelayMs: 1000, maxDelayMs: 10 * 60_000 };

export interface DeliveryDeps {
  queue: DeliveryQueue;
  dispatcher: Dispatcher;
  identity: IdentityStore;
  scope: Scope;
  clock: Clock;
  timers: RuntimeTimers;
  config: DeliveryConfig;
  forward: TargetContext['forward'];
  apiDestination: TargetContext['apiDestination'];
  /** A number in [0, 1) for backoff jitter. */
  random?: () => number;
}

/**
 * Delivers matched events to their targets: each delivery is durable from the moment it is queued, attempted on
 * the runtime's timers, retried by the pure decisions of ./retry-decisions, and dead-lettered when it gives up.
 * Each delivery runs on its own, so a target that is down delays only its own events.
 */
export class EventDeliveries implements DeliverySink {
  private readonly inFlight = new Set<Promise<void>>();
  private readonly attempting = new Set<string>();
  private stopped = false;
  private readonly ctx: TargetContext;

  constructor(private readonly deps: DeliveryDeps) {
    this.ctx = { dispatcher: deps.dispatcher, identity: deps.identity, scope: deps.scope, forward: deps.forward, apiDestination: deps.apiDestination };
  }

  refusal = targetRefusal;

  cursor(source: string): string | undefined {
    return this.deps.queue.cursor(source);
  }

  enqueue(matched: MatchedDelivery[], cursor?: SourceCursor): void {
    const dueAt = this.deps.clock.now().getTime();
    const pending = matched.map((m): PendingDelivery => ({ id: randomUUID(), rule: m.rule, target: m.target, event: m.event, ingestedAt: m.ingestedAt, retries: 0, dueAt }));
    for (const delivery of pending) this.deps.queue.put(delivery);
    if (cursor) this.deps.queue.setCursor(cursor.source, cursor.value);
    this.deps.queue.commit();
    for (const delivery of pending) this.arm(delivery);
  }

  /** Arms every delivery the queue holds: after a restart, what was in flight is attempted again. */
  resume(): void {
    this.stopped = false;
    for (const delivery of this.deps.queue.list()) this.arm(delivery);
  }

  /** Stops attempting and waits for the attempts under way; the queue keeps what is left for the next start. */
  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.allSettled([...this.inFlight]);
  }

  private arm(delivery: PendingDelivery): void {
    this.deps.timers.at(new Date(delivery.dueAt), () => this.track(this.attempt(delivery.id)));
  }

  private track(work: Promise<void>): Promise<void> {
    this.inFlight.add(work);
    return work.finally(() => this.inFlight.delete(work));
  }

  private async attempt(id: string): Promise<void> {
    const delivery = this.deps.queue.get(id);
    if (this.stopped || !delivery || this.attempting.has(id)) return;
    this.attempting.add(id);
    try {
      const outcome = await this.send(delivery);
      const now = this.deps.clock.now().getTime();
      const step = afterAttempt(outcome, { retries: delivery.retries, ingestedAtMs: delivery.ingestedAt }, retryPolicyOf(delivery.target.RetryPolicy), this.deps.config, now, (this.deps.random ?? Math.random)());
      await this.apply(delivery, step);
    } finally {
      this.attempting.delete(id);
    }
  }

  private async send(delivery: PendingDelivery): Promise<AttemptOutcome> {
    try {
      const kind = targetKindOf(delivery.target.Arn!);
      if (!kind) throw new Error(`no target kind for ${delivery.target.Arn}`);
      const payload = renderTargetInput(delivery.target, delivery.event, delivery.rule, new Date(delivery.ingestedAt));
      if (payload === undefined) return { kind: 'undeliverable' };
      await kind.send({ target: delivery.target, rule: delivery.rule, event: delivery.event, payload }, this.ctx);
      return { kind: 'delivered' };
    } catch (error) {
      return { kind: 'failed', failure: deliveryFailure(error) };
    }
  }

  private async apply(delivery: PendingDelivery, step: NextStep): Promise<void> {
    if (step.kind === 'retry') {
      delivery.retries = step.retries;
      delivery.dueAt = step.atMs;
      this.deps.queue.commit();
      if (!this.stopped) this.arm(delivery);
      return;
    }
    if (step.kind === 'give-up') await this.deadLetter(delivery, step);
    this.deps.queue.remove(delivery.id);
    this.deps.queue.commit();
  }

  /** Without a dead-letter queue, or when sending to it fails, the event is dropped (AWS counts InvocationsFailedToBeSentToDLQ). */
  private async deadLetter(delivery: PendingDelivery, step: Extract<NextStep, { kind: 'give-up' }>): Promise<void> {
    const queueArn = delivery.target.DeadLetterConfig?.Arn;
    if (!queueArn) return;
    try {
      await sendToDeadLetterQueue(
        { queueArn, ruleArn: delivery.rule.arn, targetArn: delivery.target.Arn!, event: delivery.event, failure: step.failure, condition: step.condition, retries: step.retries },
        this.deps.dispatcher,
        this.deps.scope,
      );
    } catch (error) {
      console.error(`keydrill events: the event ${delivery.event.id} could not be sent to the dead-letter queue ${queueArn}`, error);
    }
  }
}
