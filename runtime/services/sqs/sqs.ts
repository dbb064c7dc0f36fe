import type { Clock } from '../../core/clock';
import { randomHex } from '../../core/ids';
import { defineOperation, type CallContext } from '../../core/operation';
import { scopeOf, type Scope } from '../../core/scope';
import { requireIdentityAllows } from '../../identity/authorize';
import type { IdentityStore } from '../../identity/identity-store';
import { sqsErrors } from './errors';
import { MessageWaiters } from './message-waiters';
import type { SqsMessage, SqsQueue } from './model';
import { queueArn, queueNameOf, queueUrl } from './queue-address';
import { integerAttribute } from './queue-attributes';
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
  readonly scope: Scope;

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
  ) {
    this.scope = scopeOf(identity);
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
    requireIdentityAllows(this.identity, ctx.caller.principal, action, resource, { servicePrincipals: 'pass', deny: sqsErrors.accessDenied, lowerCaseAction: true });
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

/** Declares an SQS operation; its input and output types come from @aws-sdk/client-sqs (types only). */
export const operation = defineOperation<Sqs>();

/** Receipt handles name the message and the receive that produced them; only the latest one deletes. */
export const receiptHandle = (m: SqsMessage): string => Buffer.from(`${m.messageId}:${m.receiptToken}`).toString('base64');

export function parseReceiptHandle(handle: string): { messageId: string; token: string } {
  const match = /^([0-9a-f-]{36}):([0-9a-f]{32})$/.exec(Buffer.from(handle, 'base64').toString('utf8'));
  if (!match) throw sqsErrors.receiptHandleIsInvalid(handle);
  return { messageId: match[1], token: match[2] };
}
