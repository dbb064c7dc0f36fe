import type { DrillRecord, ProbeOperation, Verdict } from '../../functions/domain/drills/drill-record';
import { KEY_AT_RISK, STATUS_CHANGED } from '../../functions/domain/drills/measurements';
import { scenarioReport, type ScenarioReport } from '../../functions/domain/drills/scenario-report';
import { scenarioNamed, SCENARIO_NAMES, type ScenarioName } from '../../functions/domain/drills/scenarios';
import { suiteReport, type SuiteReport } from '../../functions/domain/drills/suite-report';
import { at, probe } from '../helpers/drill-probes';

/**
 * Drill records as the engine would gather them, one per scenario, that meet every expectation of their
 * scenario (a test checks they do): the reports the stand-in machines return are made from them by the
 * domain's own scenarioReport(), so they have every field a real one has.
 */
const LEDGER_KEY = 'arn:aws:kms:us-east-1:000000000000:key/11111111-1111-4111-8111-111111111111';
const ROTATE_KEY = 'arn:aws:kms:us-east-1:000000000000:key/22222222-2222-4222-8222-222222222222';
const GRANT_MESSAGE = { errorName: 'BadRequestException', errorMessage: 'Amazon QLDB does not have grant access to the KMS key of the ledger' };
const DENIED = { errorName: 'AccessDeniedException', errorMessage: 'The caller does not have permissions to use the customer managed KMS key of the ledger keydrill-ledger' };

const okProbes = (): ProbeOperation[] => [probe(500, 9), probe(2500, 11), probe(5600, 14), probe(8000, 10), probe(600, 8, undefined, { role: 'administrator' })];
const inaccessibleThenEnabled = () => [
  { at: at(200), status: 'ENABLED' as const, kmsKeyArn: LEDGER_KEY },
  { at: at(1800), status: 'KMS_KEY_INACCESSIBLE' as const, kmsKeyArn: LEDGER_KEY, inaccessibleSince: at(1700) },
  { at: at(6000), status: 'ENABLED' as const, kmsKeyArn: LEDGER_KEY },
];
const failingThenRecovered = (failure: { errorName: string; errorMessage: string }): ProbeOperation[] => [
  probe(500, 9),
  probe(2500, 4, failure),
  probe(4500, 6, failure),
  probe(5600, 30),
  probe(8000, 12),
  probe(3000, 8, undefined, { role: 'administrator', session: 'fresh' }),
];
const keyAtRisk = (detail: Record<string, unknown> = {}) => ({ at: at(1300), detailType: KEY_AT_RISK, detail: { eventName: 'DisableKey', ...detail } });

const PASSING: Record<ScenarioName, Partial<DrillRecord>> = {
  'alias-switch': { probes: okProbes(), ledger: [{ at: at(200), status: 'ENABLED', kmsKeyArn: LEDGER_KEY }, { at: at(6000), status: 'ENABLED', kmsKeyArn: LEDGER_KEY }], events: [keyAtRisk({ eventName: 'UpdateAlias' })] },
  're-key': {
    targetKeyArn: ROTATE_KEY,
    probes: okProbes(),
    ledger: [
      { at: at(200), status: 'ENABLED', kmsKeyArn: LEDGER_KEY },
      { at: at(1500), status: 'UPDATING', kmsKeyArn: ROTATE_KEY },
      { at: at(2700), status: 'ENABLED', kmsKeyArn: ROTATE_KEY },
    ],
    events: [
      { at: at(1600), detailType: STATUS_CHANGED, detail: { status: 'UPDATING' } },
      { at: at(2800), detailType: STATUS_CHANGED, detail: { status: 'ENABLED' } },
    ],
  },
  'disable-key': { probes: failingThenRecovered(GRANT_MESSAGE), ledger: inaccessibleThenEnabled(), events: [keyAtRisk()] },
  'no-access-key': { probes: failingThenRecovered(DENIED), ledger: [{ at: at(200), status: 'ENABLED', kmsKeyArn: LEDGER_KEY }], events: [] },
  'scheduled-deletion': { probes: failingThenRecovered(GRANT_MESSAGE), ledger: inaccessibleThenEnabled(), events: [keyAtRisk({ eventName: 'ScheduleKeyDeletion', pendingDeletionDate: at(7 * 86_400_000) })], facts: { keyNeverDeleted: true } },
  'on-demand-rotation': {
    probes: okProbes(),
    ledger: [{ at: at(200), status: 'ENABLED', kmsKeyArn: LEDGER_KEY }, { at: at(6000), status: 'ENABLED', kmsKeyArn: LEDGER_KEY }],
    events: [{ at: at(1400), detailType: 'KMS CMK Rotation', detail: { 'rotation-type': 'ON_DEMAND' } }],
    facts: { rotationListed: true, oldDocumentsReadBack: true },
  },
  'grant-revocation': { probes: failingThenRecovered(GRANT_MESSAGE), ledger: inaccessibleThenEnabled(), events: [keyAtRisk({ eventName: 'RevokeGrant' })] },
};

/** One scenario's record, changed so its verdict is `verdict`: FAILED loses what the expectations look for. */
export function drillRecord(scenario: ScenarioName, verdict: Verdict = 'PASSED'): DrillRecord {
  const record: DrillRecord = {
    scenario,
    dryRun: false,
    startedAt: at(0),
    endedAt: at(10_000),
    baselineKeyArn: LEDGER_KEY,
    window: { disruptedAt: at(1000), restoredAt: at(5000) },
    probes: [],
    ledger: [],
    events: [],
    facts: {},
    rollback: { startedAt: at(9000), endedAt: at(9600), restored: true },
    ...PASSING[scenario],
  };
  if (verdict === 'FAILED') return { ...record, probes: [], events: [] };
  if (verdict === 'ERROR') return { ...record, error: { name: 'States.TaskFailed', message: 'the baseline snapshot could not read the key policy' } };
  if (verdict === 'STOPPED') return { ...record, stopped: true };
  return record;
}

export const drillReport = (scenario: ScenarioName, verdict: Verdict = 'PASSED'): ScenarioReport => scenarioReport(scenarioNamed(scenario), drillRecord(scenario, verdict));

/** The verdict each scenario's stand-in returns: every one PASSED unless a test says otherwise. */
export type VerdictPlan = Partial<Record<ScenarioName, Verdict>>;

export const suiteOf = (plan: VerdictPlan = {}, scenarios: readonly ScenarioName[] = SCENARIO_NAMES): SuiteReport =>
  suiteReport(
    scenarios.map((s) => drillReport(s, plan[s])),
    { startedAt: at(0), endedAt: at(70_000) },
  );
