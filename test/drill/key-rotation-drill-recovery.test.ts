import { useDrillStack, runDrill, verdictWithReasons, restorableState } from './key-rotation-drill.fixture';

/**
 * KeyRotationDrill on the deployed stack, started through client-sfn: the scenarios whose expectations are
 * "recovery" (the ledger or the application loses the key, and comes back once it is restored).
 */
jest.setTimeout(180_000);

const env = useDrillStack('drill-recovery');

test.each(['disable-key', 'no-access-key', 'scheduled-deletion', 'grant-revocation'])('%s PASSES with its expectations and leaves the baseline restored', async (scenario) => {
  const before = await restorableState(env);
  const { execution, report } = await runDrill(env, { scenario });
  expect(verdictWithReasons(report, execution)).toBe('PASSED');
  expect(report!.rollback).toMatchObject({ restored: true });
  expect(report!.measurements.timeToDetect.describeLedgerMs === null && scenario !== 'no-access-key').toBe(false);
  expect(await restorableState(env)).toEqual(before);
});
