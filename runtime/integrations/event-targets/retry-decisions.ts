/**
 * What EventBridge does after each attempt to deliver an event to a target: nothing more, retry later, or give
 * up (to the dead-letter queue when the target has one). Pure functions; the delivery queue acts on them.
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-retry-policy.html
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-dlq.html
 */

/** RetryPolicy's defaults: 185 retries within 24 hours. */
export const DEFAULT_MAXIMUM_RETRY_ATTEMPTS = 185;
export const DEFAULT_MAXIMUM_EVENT_AGE_SECONDS = 86_400;

export interface RetryPolicy {
  maximumRetryAttempts: number;
  maximumEventAgeSeconds: number;
}

export interface Backoff {
  /** The wait before the first retry; each further retry waits twice as long as the one before. */
  baseDelayMs: number;
  maxDelayMs: number;
}

/**
 * Why an attempt failed, in the terms of the dead-letter message's ERROR_CODE. Missing permissions and missing
 * resources are not retried: EventBridge sends those events to the dead-letter queue at once.
 */
export interface DeliveryFailure {
  code: string;
  message: string;
  retriable: boolean;
  /** The target asked for no retry sooner than this (an API destination's Retry-After): the longer wait wins. */
  retryAfterMs?: number;
}

export type AttemptOutcome =
  | { kind: 'delivered' }
  /** Nothing to deliver: an InputTransformer rendered text that is not JSON, which AWS silently does not deliver. */
  | { kind: 'undeliverable' }
  | { kind: 'failed'; failure: DeliveryFailure };

export type ExhaustedCondition = 'MaximumRetryAttempts' | 'MaximumEventAgeInSeconds';

export type NextStep =
  /** Delivered (or undeliverable): forget the event. */
  | { kind: 'done' }
  /** Try again at `atMs` (runtime clock), as retry number `retries`. */
  | { kind: 'retry'; atMs: number; retries: number }
  /**
   * No more attempts: to the dead-letter queue if the target has one, else the event is dropped. `condition` is
   * the limit that was reached; a failure that is not retried reaches none.
   */
  | { kind: 'give-up'; failure: DeliveryFailure; retries: number; condition?: ExhaustedCondition };

export interface AttemptState {
  /** Retries made before this attempt (0 after the first attempt). */
  retries: number;
  /** When the event entered the bus, epoch ms. */
  ingestedAtMs: number;
}

/** The wait before retry number `retry` (1-based): exponential, capped, with jitter in [half, whole] so retries spread out. */
export function backoffDelayMs(retry: number, backoff: Backoff, jitter: number): number {
  const exponential = Math.min(backoff.baseDelayMs * 2 ** (retry - 1), backoff.maxDelayMs);
  return Math.round(exponential * (0.5 + jitter / 2));
}

/** `jitter` is a number in [0, 1) (Math.random in the runtime, fixed in tests). */
export function afterAttempt(outcome: AttemptOutcome, state: AttemptState, policy: RetryPolicy, backoff: Backoff, nowMs: number, jitter: number): NextStep {
  if (outcome.kind !== 'failed') return { kind: 'done' };
  const { failure } = outcome;
  if (!failure.retriable) return { kind: 'give-up', failure, retries: state.retries };
  if (state.retries >= policy.maximumRetryAttempts) return { kind: 'give-up', failure, retries: state.retries, condition: 'MaximumRetryAttempts' };
  const retries = state.retries + 1;
  const atMs = nowMs + Math.max(backoffDelayMs(retries, backoff, jitter), failure.retryAfterMs ?? 0);
  if (atMs - state.ingestedAtMs > policy.maximumEventAgeSeconds * 1000) {
    return { kind: 'give-up', failure, retries: state.retries, condition: 'MaximumEventAgeInSeconds' };
  }
  return { kind: 'retry', atMs, retries };
}

/** A target's RetryPolicy with AWS's defaults for what it leaves out. */
export function retryPolicyOf(policy: { MaximumRetryAttempts?: number; MaximumEventAgeInSeconds?: number } | undefined): RetryPolicy {
  return {
    maximumRetryAttempts: policy?.MaximumRetryAttempts ?? DEFAULT_MAXIMUM_RETRY_ATTEMPTS,
    maximumEventAgeSeconds: policy?.MaximumEventAgeInSeconds ?? DEFAULT_MAXIMUM_EVENT_AGE_SECONDS,
  };
}
