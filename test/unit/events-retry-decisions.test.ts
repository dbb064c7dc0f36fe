import {
  afterAttempt,
  backoffDelayMs,
  DEFAULT_MAXIMUM_EVENT_AGE_SECONDS,
  DEFAULT_MAXIMUM_RETRY_ATTEMPTS,
  retryPolicyOf,
  type AttemptOutcome,
} from '../../runtime/integrations/event-targets/retry-decisions';
import { deliveryFailure, TargetFailure } from '../../runtime/integrations/event-targets/delivery-failure';
import { ServiceError } from '../../runtime/core/errors';

const backoff = { baseDelayMs: 1000, maxDelayMs: 60_000 };
const policy = { maximumRetryAttempts: 3, maximumEventAgeSeconds: 3600 };
const throttled: AttemptOutcome = { kind: 'failed', failure: { code: 'THROTTLING', message: 'slow down', retriable: true } };
const forbidden: AttemptOutcome = { kind: 'failed', failure: { code: 'NO_PERMISSIONS', message: 'denied', retriable: false } };

describe('afterAttempt', () => {
  it('is done once delivered, or when there is nothing to deliver', () => {
    expect(afterAttempt({ kind: 'delivered' }, { retries: 2, ingestedAtMs: 0 }, policy, backoff, 5000, 0)).toEqual({ kind: 'done' });
    expect(afterAttempt({ kind: 'undeliverable' }, { retries: 0, ingestedAtMs: 0 }, policy, backoff, 5000, 0)).toEqual({ kind: 'done' });
  });

  it('retries a retriable failure with exponential backoff', () => {
    expect(afterAttempt(throttled, { retries: 0, ingestedAtMs: 0 }, policy, backoff, 10_000, 0.999999)).toEqual({ kind: 'retry', atMs: 11_000, retries: 1 });
    expect(afterAttempt(throttled, { retries: 2, ingestedAtMs: 0 }, policy, backoff, 10_000, 0.999999)).toEqual({ kind: 'retry', atMs: 14_000, retries: 3 });
  });

  it('gives up after MaximumRetryAttempts retries, naming the condition', () => {
    expect(afterAttempt(throttled, { retries: 3, ingestedAtMs: 0 }, policy, backoff, 10_000, 0)).toEqual({
      kind: 'give-up',
      failure: throttled.failure,
      retries: 3,
      condition: 'MaximumRetryAttempts',
    });
  });

  it('gives up when the next attempt would come after MaximumEventAgeInSeconds', () => {
    const step = afterAttempt(throttled, { retries: 1, ingestedAtMs: 0 }, policy, backoff, 3600_000 - 100, 0.5);
    expect(step).toEqual({ kind: 'give-up', failure: throttled.failure, retries: 1, condition: 'MaximumEventAgeInSeconds' });
  });

  it('gives up at once on a failure that is not retried, with no exhausted condition', () => {
    expect(afterAttempt(forbidden, { retries: 0, ingestedAtMs: 0 }, policy, backoff, 0, 0)).toEqual({ kind: 'give-up', failure: forbidden.failure, retries: 0 });
  });

  it('with MaximumRetryAttempts 0 makes one attempt only', () => {
    expect(afterAttempt(throttled, { retries: 0, ingestedAtMs: 0 }, { ...policy, maximumRetryAttempts: 0 }, backoff, 0, 0).kind).toBe('give-up');
  });
});

describe('backoffDelayMs', () => {
  it('doubles per retry up to the cap, with jitter between half and the whole delay', () => {
    expect(backoffDelayMs(1, backoff, 0)).toBe(500);
    expect(backoffDelayMs(4, backoff, 0.999999)).toBe(8000);
    expect(backoffDelayMs(30, backoff, 0.999999)).toBe(60_000);
    expect(backoffDelayMs(30, backoff, 0)).toBe(30_000);
  });
});

describe('retryPolicyOf', () => {
  it("fills in AWS's defaults", () => {
    expect(retryPolicyOf(undefined)).toEqual({ maximumRetryAttempts: DEFAULT_MAXIMUM_RETRY_ATTEMPTS, maximumEventAgeSeconds: DEFAULT_MAXIMUM_EVENT_AGE_SECONDS });
    expect(DEFAULT_MAXIMUM_RETRY_ATTEMPTS).toBe(185);
    expect(DEFAULT_MAXIMUM_EVENT_AGE_SECONDS).toBe(86_400);
    expect(retryPolicyOf({ MaximumRetryAttempts: 0 })).toEqual({ maximumRetryAttempts: 0, maximumEventAgeSeconds: 86_400 });
  });
});

describe('deliveryFailure', () => {
  it.each([
    ['AccessDeniedException', 'NO_PERMISSIONS', false],
    ['AccessDenied', 'NO_PERMISSIONS', false],
    ['ResourceNotFoundException', 'NO_RESOURCE', false],
    ['QueueDoesNotExist', 'NO_RESOURCE', false],
    ['TooManyRequestsException', 'THROTTLING', true],
    ['ProvisionedThroughputExceededException', 'THROTTLING', true],
    ['ServiceException', 'ServiceException', true],
  ])('%s → %s (retried: %s)', (code, expected, retriable) => {
    expect(deliveryFailure(new ServiceError(code, 'm', 400))).toEqual({ code: expected, message: 'm', retriable });
  });

  it('keeps what a target kind reported, and retries an unexpected error', () => {
    const reported = { code: 'NO_RESOURCE', message: 'gone', retriable: false };
    expect(deliveryFailure(new TargetFailure(reported))).toEqual(reported);
    expect(deliveryFailure(new Error('socket hang up'))).toEqual({ code: 'INTERNAL_ERROR', message: 'socket hang up', retriable: true });
  });
});
