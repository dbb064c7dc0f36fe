import { DEFAULT_PROBE_INTERVAL_MS, DEFAULT_TIMEOUTS, InvalidDrillInputError, parseDrillInput } from '../../functions/domain/drills/drill-input';
import { keyPolicyAllows } from '../../functions/domain/drills/key-policy-check';

const problem = (input: unknown) => {
  try {
    parseDrillInput(input);
  } catch (e) {
    expect(e).toBeInstanceOf(InvalidDrillInputError);
    expect((e as Error).name).toBe('InvalidDrillInput');
    return (e as Error).message;
  }
  throw new Error('expected the input to be refused');
};

describe('parseDrillInput', () => {
  test('defaults', () => {
    expect(parseDrillInput({ scenario: 'alias-switch' })).toEqual({ scenario: 'alias-switch', dryRun: false, probe: { intervalMs: DEFAULT_PROBE_INTERVAL_MS }, timeouts: DEFAULT_TIMEOUTS });
  });

  test('given values', () => {
    expect(parseDrillInput({ scenario: 're-key', dryRun: true, probe: { intervalMs: 100 }, timeouts: { impactMs: 5000 } })).toMatchObject({ dryRun: true, probe: { intervalMs: 100 }, timeouts: { ...DEFAULT_TIMEOUTS, impactMs: 5000 } });
  });

  test('every problem at once, each named', () => {
    const message = problem({ scenario: 'melt-key', dryRun: 'yes', probe: { intervalMs: 1 }, timeouts: { impactMs: 1.5, later: 3 }, extra: 1 });
    expect(message).toContain('unknown input field "extra"');
    expect(message).toContain('scenario must be one of alias-switch, re-key');
    expect(message).toContain('dryRun must be true or false');
    expect(message).toContain('probe.intervalMs must be a whole number of milliseconds from 50');
    expect(message).toContain('timeouts.impactMs');
    expect(message).toContain('unknown timeouts field "later"');
  });

  test('not an object', () => {
    expect(problem(['alias-switch'])).toContain('must be a JSON object');
    expect(problem(null)).toContain('must be a JSON object');
  });
});

describe('keyPolicyAllows', () => {
  const role = 'arn:aws:iam::111122223333:role/drill';
  const policy = (statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });

  test('an Allow naming the principal with a matching action (wildcards included)', () => {
    const p = policy([{ Effect: 'Allow', Principal: { AWS: [role] }, Action: ['kms:Disable*', 'kms:DescribeKey'], Resource: '*' }]);
    expect(keyPolicyAllows(p, [role], 'kms:DisableKey')).toBe(true);
    expect(keyPolicyAllows(p, [role], 'kms:describekey')).toBe(true);
    expect(keyPolicyAllows(p, [role], 'kms:EnableKey')).toBe(false);
    expect(keyPolicyAllows(p, ['arn:aws:iam::111122223333:role/other'], 'kms:DisableKey')).toBe(false);
  });

  test('a Deny naming the principal wins', () => {
    const p = policy([
      { Effect: 'Allow', Principal: { AWS: role }, Action: 'kms:*', Resource: '*' },
      { Effect: 'Deny', Principal: '*', Action: 'kms:ScheduleKeyDeletion', Resource: '*' },
    ]);
    expect(keyPolicyAllows(p, [role], 'kms:ScheduleKeyDeletion')).toBe(false);
    expect(keyPolicyAllows(p, [role], 'kms:EnableKey')).toBe(true);
  });
});
