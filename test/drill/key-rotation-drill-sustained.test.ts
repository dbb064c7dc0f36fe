import { useDrillStack, runDrill, verdictWithReasons, restorableState, keyAndLedgerState } from './key-rotation-drill.fixture';

/**
 * KeyRotationDrill on the deployed stack, started through client-sfn: the scenarios whose expectations are
 * "sustained" (nothing fails while the change happens), and a dry run, which changes nothing at all.
 */
jest.setTimeout(180_000);

const env = useDrillStack('drill-sustained');

test('a dry run resolves and checks everything, changes nothing, and reports PASSED with every expectation NOT_RUN', async () => {
  const before = await keyAndLedgerState(env);
  const { execution, report } = await runDrill(env, { scenario: 'grant-revocation', dryRun: true });
  expect(verdictWithReasons(report, execution)).toBe('PASSED');
  expect(report!.dryRun).toBe(true);
  expect(report!.expectations.length).toBeGreaterThan(0);
  expect(report!.expectations.every((e) => e.outcome === 'NOT_RUN')).toBe(true);
  expect(report!.dryRunChecks!.some((c) => c.includes('RevokeGrant') && c.includes('DryRun'))).toBe(true);
  expect(await keyAndLedgerState(env)).toEqual(before);
});

test.each(['alias-switch', 're-key', 'on-demand-rotation'])('%s PASSES with its expectations and leaves the baseline restored', async (scenario) => {
  const before = await restorableState(env);
  const { execution, report } = await runDrill(env, { scenario });
  expect(verdictWithReasons(report, execution)).toBe('PASSED');
  expect(report!.rollback).toMatchObject({ restored: true });
  expect(report!.measurements.probes.all.operations).toBeGreaterThan(0);
  expect(await restorableState(env)).toEqual(before);
});
