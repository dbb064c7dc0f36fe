import { decideAfterError, errorMatches, retryDelay } from '../../runtime/services/sfn/asl/retry';

describe('errorMatches', () => {
  test.each([
    ['States.ALL', 'Kms.DisabledException', true],
    ['States.ALL', 'States.Timeout', true],
    ['States.ALL', 'States.Runtime', false],
    ['States.ALL', 'States.DataLimitExceeded', false],
    ['States.DataLimitExceeded', 'States.DataLimitExceeded', true],
    ['States.Runtime', 'States.Runtime', false],
    ['States.TaskFailed', 'Lambda.ServiceException', true],
    ['States.TaskFailed', 'States.Timeout', false],
    ['States.TaskFailed', 'States.HeartbeatTimeout', false],
    ['States.Timeout', 'States.HeartbeatTimeout', true],
    ['States.HeartbeatTimeout', 'States.Timeout', false],
    ['Kms.DisabledException', 'Kms.DisabledException', true],
    ['Kms.DisabledException', 'Kms.NotFoundException', false],
  ])('%s matches %s: %p', (name, error, expected) => {
    expect(errorMatches(name, error)).toBe(expected);
  });
});

describe('retryDelay', () => {
  test('IntervalSeconds × BackoffRate^count, capped by MaxDelaySeconds', () => {
    const retrier = { ErrorEquals: ['States.ALL'], IntervalSeconds: 3, BackoffRate: 2, MaxDelaySeconds: 20 };
    expect([0, 1, 2, 3].map((n) => retryDelay(retrier, n, 's'))).toEqual([3, 6, 12, 20]);
  });

  test('defaults: 1 s doubled', () => {
    expect([0, 1, 2].map((n) => retryDelay({ ErrorEquals: ['X'] }, n, 's'))).toEqual([1, 2, 4]);
  });

  test('FULL jitter draws below the delay, the same for the same seed', () => {
    const retrier = { ErrorEquals: ['X'], IntervalSeconds: 10, JitterStrategy: 'FULL' as const };
    const delay = retryDelay(retrier, 0, 'T#1/0');
    expect(delay).toBeGreaterThanOrEqual(0);
    expect(delay).toBeLessThan(10);
    expect(retryDelay(retrier, 0, 'T#1/0')).toBe(delay);
    expect(retryDelay(retrier, 0, 'T#1/1')).not.toBe(delay);
  });
});

describe('decideAfterError', () => {
  const retriers = [
    { ErrorEquals: ['Kms.KmsInternalException'], MaxAttempts: 2, IntervalSeconds: 1 },
    { ErrorEquals: ['States.ALL'], MaxAttempts: 1, IntervalSeconds: 5 },
  ];
  const catchers = [
    { ErrorEquals: ['Kms.DisabledException'], Next: 'Disabled' },
    { ErrorEquals: ['States.ALL'], Next: 'Any' },
  ];

  test('the first matching retrier retries while it has attempts left', () => {
    expect(decideAfterError('Kms.KmsInternalException', retriers, [0, 0], catchers, 's')).toEqual({ kind: 'retry', retrier: 0, delaySeconds: 1 });
    expect(decideAfterError('Kms.KmsInternalException', retriers, [1, 0], catchers, 's')).toEqual({ kind: 'retry', retrier: 0, delaySeconds: 2 });
  });

  test('an exhausted retrier hands the error to the catchers, not to a later retrier', () => {
    expect(decideAfterError('Kms.KmsInternalException', retriers, [2, 0], catchers, 's')).toEqual({ kind: 'catch', catcher: 1 });
  });

  test('retriers count separately', () => {
    expect(decideAfterError('Kms.DisabledException', retriers, [2, 0], catchers, 's')).toEqual({ kind: 'retry', retrier: 1, delaySeconds: 5 });
    expect(decideAfterError('Kms.DisabledException', retriers, [2, 1], catchers, 's')).toEqual({ kind: 'catch', catcher: 0 });
  });

  test('MaxAttempts 0 never retries', () => {
    expect(decideAfterError('X', [{ ErrorEquals: ['X'], MaxAttempts: 0 }], [0], [], 's')).toEqual({ kind: 'fail' });
  });

  test('States.Runtime is never retried or caught', () => {
    expect(decideAfterError('States.Runtime', retriers, [0, 0], catchers, 's')).toEqual({ kind: 'fail' });
  });

  test('nothing matches: fail', () => {
    expect(decideAfterError('X', [{ ErrorEquals: ['Y'] }], [0], [{ ErrorEquals: ['Z'], Next: 'N' }], 's')).toEqual({ kind: 'fail' });
  });
});
