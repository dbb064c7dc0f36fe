import { retryAfter } from '../../runtime/integrations/event-targets/api-destination';
import { afterAttempt } from '../../runtime/integrations/event-targets/retry-decisions';

/** Retry-After on API destination answers (docs/eventbridge-api-destinations.md#invocations). */
describe('retryAfter', () => {
  test.each([
    [null, undefined],
    ['120', 120_000],
    [' 5 ', 5000],
    ['0', 0],
    ['-1', -1000],
    ['soon', undefined],
  ])('%p → %p', (header, expected) => {
    expect(retryAfter(header)).toBe(expected);
  });

  test('an HTTP date is the time left until it', () => {
    const ms = retryAfter(new Date(Date.now() + 60_000).toUTCString())!;
    expect(ms).toBeGreaterThan(55_000);
    expect(ms).toBeLessThanOrEqual(60_000);
  });
});

describe('afterAttempt with a Retry-After', () => {
  const policy = { maximumRetryAttempts: 185, maximumEventAgeSeconds: 86_400 };
  const backoff = { baseDelayMs: 1000, maxDelayMs: 600_000 };
  const failed = (retryAfterMs?: number) => ({ kind: 'failed' as const, failure: { code: '503', message: 'busy', retriable: true, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) } });

  test('the longer of the backoff and Retry-After wins', () => {
    expect(afterAttempt(failed(120_000), { retries: 0, ingestedAtMs: 0 }, policy, backoff, 0, 0.999)).toEqual({ kind: 'retry', atMs: 120_000, retries: 1 });
    expect(afterAttempt(failed(10), { retries: 0, ingestedAtMs: 0 }, policy, backoff, 0, 0.999)).toEqual({ kind: 'retry', atMs: 1000, retries: 1 });
  });

  test('a Retry-After past the event\'s maximum age gives up', () => {
    expect(afterAttempt(failed(90_000_000), { retries: 0, ingestedAtMs: 0 }, policy, backoff, 0, 0)).toMatchObject({ kind: 'give-up', condition: 'MaximumEventAgeInSeconds' });
  });
});
