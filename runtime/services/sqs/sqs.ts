import type { Clock } from '../../core/clock';
import { randomHex } from '../../core/ids';
import type { CallContext } from '../../core/operation';
import type { IdentityStore } from '../../identity/identity-store';
import { evaluateIdentityPolicies } from '../../identity/policy-evaluator';
import { sqsErrors } from './errors';
import { MessageWaiters } from './message-waiters';
import type { SqsMessage, SqsQueue } from './model';
import { integerAttribute } from './queue-attributes';
import { queueArn, queueNameOf, queueUrl, type SqsScope } from './queue-address';
import type { SqsStore } from './store';

export interface SqsConfig {
  /** How often a long poll looks again for messages whose delay or visibility timeout ended. */
  longPollRecheckMs: number;
  /** One PurgeQueue per queue per this interval; AWS allows one every 60 seconds. */
  purgeIntervalMs: number;
}

export const DEFAULT_SQS_CONFIG: SqsConfig = { longPollRecheckMs: 100, purgeIntervalMs: 60_000 };

/** The state every SQS operation works on, and the steps they share. */
export class Sqs {
  readonly waiters = new MessageWaiters();

  constructor(
    readonly store: SqsStore,
    readonly identity: IdentityStore,
    readonly clock: Clock,
    readonly config: SqsConfig,
    /**
     * The runtime's endpoint, read when a URL is rendered: queue URLs never depend on the Host a
     * request came in on, so in-process callers get the same URL as SDK clients.
     */
    private readonly endpoint: () => string,
  ) {}

  get scope(): SqsScope {
    return { account: this.identity.account, region: this.identity.region };
  }

  now(): number {
    return this.clock.now().getTime();
  }

  url(name: string): string {
    return queueUrl(this.endpoint(), this.scope, name);
  }

  /**
   * The account root may do anything in its account, and services act under the queue policy, which
   * keydrill does not evaluate (README); a role needs an identity policy allowing `action` on the queue.
   */
  authorize(ctx: CallContext, action: string, resource: string): void {
    const p = ctx.caller.principal;
    if (p.kind !== 'assumed-role') return;
    const decision = evaluateIdentityPolicies(this.identity.identityPolicies(p), { action, resource, principal: p, context: new Map() });
    if (decision.explicitDeny || !decision.allowed) throw sqsErrors.accessDenied(p.arn, action, resource);
  }

  /** The queue `name` names, after authorizing `action` on it; expired messages are dropped first. */
  queueNamed(ctx: CallContext, name: string, action: string): SqsQueue {
    this.authorize(ctx, action, queueArn(this.scope, name));
    const queue = this.store.queue(name);
    if (!queue) throw sqsErrors.queueDoesNotExist();
    this.dropExpired(queue);
    return queue;
  }

  queueAt(ctx: CallContext, url: string, action: string): SqsQueue {
    return this.queueNamed(ctx, queueNameOf(url, this.scope), action);
  }

  /** MessageRetentionPeriod, on the runtime clock: older messages are gone, received or not. */
  private dropExpired(queue: SqsQueue): void {
    const cutoff = this.now() - integerAttribute(queue, 'MessageRetentionPeriod') * 1000;
    const kept = queue.messages.filter((m) => m.sentAt > cutoff);
    if (kept.length !== queue.messages.length) {
      queue.messages = kept;
      this.store.commit();
    }
  }

  /** Messages visible now, oldest first, made invisible for `visibilitySeconds` and counted as received. */
  take(queue: SqsQueue, max: number, visibilitySeconds: number): SqsMessage[] {
    const now = this.now();
    const taken = queue.messages.filter((m) => m.visibleAt <= now).slice(0, max);
    for (const m of taken) {
      m.receiveCount += 1;
      m.firstReceivedAt ??= now;
      m.receiptToken = randomHex(16);
      m.visibleAt = now + visibilitySeconds * 1000;
    }
    if (taken.length) this.store.commit();
    return taken;
  }
}

/** Receipt handles name the message and the receive that produced them; only the latest one deletes. */
export const receiptHandle = (m: SqsMessage): string => Buffer.from(`${m.messageId}:${m.receiptToken}`).toString('base64');

export function parseReceiptHandle(handle: string): { messageId: string; token: string } {
  const match = /^([0-9a-f-]{36}):([0-9a-f]{32})$/.exec(Buffer.from(handle, 'base64').toString('utf8'));
  if (!match) throw sqsErrors.receiptHandleIsInvalid(handle);
  return { messageId: match[1], token: match[2] };
}
