import { drillRecord, progressFigures, runItems, timedItem, ITEMS } from '../../functions/domain/drills/results-items';
import { SCENARIO_NAMES } from '../../functions/domain/drills/scenarios';
import { SCENARIO_PLANS, actionsNeeded } from '../../functions/domain/drills/scenario-plans';
import { at, probe } from '../helpers/drill-probes';

const RUN = 'arn:aws:states:us-east-1:111122223333:execution:keydrill-key-rotation-drill:r1';
const event = (ms: number, detailType: string) => ({ runId: RUN, item: timedItem(ITEMS.eventPrefix, at(ms), `e${ms}`), event: JSON.stringify({ at: at(ms), detailType, detail: {} }) });

test("the run's items sort into the record; only what happened before the rollback began counts", () => {
  const items = runItems([
    { runId: RUN, item: ITEMS.baseline, baseline: JSON.stringify({ ledgerKeyArn: 'k1', takenAt: at(0) }) },
    { runId: RUN, item: ITEMS.window, disruptedAt: at(1000), restoredAt: at(3000) },
    { runId: RUN, item: ITEMS.rollback, startedAt: at(5000), endedAt: at(6000), restored: true, leftChanged: [] },
    { runId: RUN, item: ITEMS.facts, facts: JSON.stringify({ rotationListed: true }) },
    { runId: RUN, item: timedItem(ITEMS.probePrefix, at(2000), 1), op: JSON.stringify(probe(2000, 5)) },
    { runId: RUN, item: timedItem(ITEMS.probePrefix, at(500), 0), op: JSON.stringify(probe(500, 4)) },
    event(1500, 'Ledger Key At Risk'),
    // The rollback's own UpdateAlias raises another one: not the scenario's.
    event(5500, 'Ledger Key At Risk'),
  ]);
  expect(items.probes.map((p) => p.at)).toEqual([at(500), at(2000)]);
  const record = drillRecord(items, { scenario: 'alias-switch', executionArn: RUN, dryRun: false, startedAt: at(0), endedAt: at(7000) });
  expect(record).toMatchObject({ baselineKeyArn: 'k1', window: { disruptedAt: at(1000), restoredAt: at(3000) }, facts: { rotationListed: true }, rollback: { restored: true } });
  expect(record.rollback).not.toHaveProperty('leftChanged');
  expect(record.events.map((e) => e.at)).toEqual([at(1500)]);
  expect(record).not.toHaveProperty('stopped');
});

test('a rollback still under way (no endedAt) is not recorded; a stopped run is', () => {
  const items = runItems([{ runId: RUN, item: ITEMS.rollback, startedAt: at(0) }, { runId: RUN, item: ITEMS.done, stopped: true }]);
  expect(items.rollback).toBeUndefined();
  expect(drillRecord(items, { scenario: 'disable-key', executionArn: RUN, dryRun: false, startedAt: at(0), endedAt: at(1) }).stopped).toBe(true);
});

test("PROGRESS's probe figures count the application's operations", () => {
  const fail = { errorName: 'AccessDeniedException', errorMessage: 'no' };
  expect(progressFigures([probe(0, 10), probe(1, 30, fail), probe(2, 20, undefined, { role: 'administrator' })])).toEqual({ operations: 2, failures: 1, availabilityPercent: 50, p50: 10, p99: 30 });
  expect(progressFigures([])).toEqual({ operations: 0, failures: 0, availabilityPercent: 100, p50: 0, p99: 0 });
});

test('every scenario has a plan, and the dry run knows the KMS actions of its calls', () => {
  expect(Object.keys(SCENARIO_PLANS).sort()).toEqual([...SCENARIO_NAMES].sort());
  expect(actionsNeeded(SCENARIO_PLANS['disable-key']).onLedgerKey).toEqual(expect.arrayContaining(['kms:DisableKey', 'kms:EnableKey']));
  expect(actionsNeeded(SCENARIO_PLANS['alias-switch']).onTargetKey).toContain('kms:UpdateAlias');
  expect(actionsNeeded(SCENARIO_PLANS['scheduled-deletion']).onLedgerKey).toContain('kms:CancelKeyDeletion');
});
