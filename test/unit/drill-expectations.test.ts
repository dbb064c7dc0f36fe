import type { DrillRecord, ProbeOperation } from '../../functions/domain/drills/drill-record';
import { checkExpectations, judge, type Expectation, type ExpectationCheck } from '../../functions/domain/drills/expectations';
import { measure } from '../../functions/domain/drills/measurements';
import { scenarioReport, scenarioVerdict } from '../../functions/domain/drills/scenario-report';
import { scenarioNamed, SCENARIOS } from '../../functions/domain/drills/scenarios';
import { suiteReport, suiteVerdict } from '../../functions/domain/drills/suite-report';
import { at, probe } from '../helpers/drill-probes';

const ok = (ms: number, extra: Partial<ProbeOperation> = {}): ProbeOperation => probe(ms, 5, undefined, extra);
const failed = (ms: number, errorName: string, errorMessage: string, extra: Partial<ProbeOperation> = {}): ProbeOperation => probe(ms, 5, { errorName, errorMessage }, extra);
const DENIED = 'The user does not have permissions to use the customer managed KMS key of the ledger. User: x is not authorized to perform: kms:Decrypt';

const base = (over: Partial<DrillRecord> = {}): DrillRecord => ({
  scenario: 'test',
  dryRun: false,
  startedAt: at(0),
  endedAt: at(10_000),
  baselineKeyArn: 'arn:key/ledger',
  targetKeyArn: 'arn:key/rotate',
  window: { disruptedAt: at(1000), restoredAt: at(5000) },
  probes: [ok(500), ok(2000)],
  ledger: [{ at: at(500), status: 'ENABLED', kmsKeyArn: 'arn:key/ledger' }],
  events: [],
  facts: {},
  ...over,
});
const outcome = (check: ExpectationCheck, record: DrillRecord) => judge(check, record, measure(record));

describe('each expectation check, passing and failing', () => {
  test('ledger-key-unchanged', () => {
    expect(outcome({ kind: 'ledger-key-unchanged' }, base()).outcome).toBe('PASSED');
    const moved = outcome({ kind: 'ledger-key-unchanged' }, base({ ledger: [...base().ledger, { at: at(3000), status: 'ENABLED', kmsKeyArn: 'arn:key/standby' }] }));
    expect(moved).toEqual({ outcome: 'FAILED', observed: 'KmsKeyArn became arn:key/standby' });
    expect(outcome({ kind: 'ledger-key-unchanged' }, base({ ledger: [] })).outcome).toBe('FAILED');
  });

  test('ledger-key-becomes-target needs ENABLED on the target key', () => {
    const updating = { at: at(2000), status: 'UPDATING' as const, kmsKeyArn: 'arn:key/rotate' };
    expect(outcome({ kind: 'ledger-key-becomes-target' }, base({ ledger: [updating] })).outcome).toBe('FAILED');
    expect(outcome({ kind: 'ledger-key-becomes-target' }, base({ ledger: [updating, { ...updating, at: at(3000), status: 'ENABLED' }] })).outcome).toBe('PASSED');
    expect(outcome({ kind: 'ledger-key-becomes-target' }, base({ targetKeyArn: undefined })).observed).toMatch(/no target key/);
  });

  test('no-failed-probes looks at one role, and needs at least one operation', () => {
    const record = base({ probes: [ok(500), failed(2000, 'AccessDeniedException', DENIED), ok(2500, { role: 'administrator' })] });
    expect(outcome({ kind: 'no-failed-probes', role: 'application' }, record)).toEqual({ outcome: 'FAILED', observed: '1 failed operation of 2' });
    expect(outcome({ kind: 'no-failed-probes', role: 'administrator' }, record)).toEqual({ outcome: 'PASSED', observed: '0 failed operations of 1' });
    expect(outcome({ kind: 'no-failed-probes', role: 'administrator' }, base()).outcome).toBe('FAILED');
  });

  test('probe-fails-with matches the error name, the message and the session kind', () => {
    const check = { kind: 'probe-fails-with', role: 'application', errorName: 'AccessDeniedException', messageIncludes: 'does not have permissions' } as const;
    expect(outcome(check, base({ probes: [failed(2000, 'AccessDeniedException', DENIED, { session: 'fresh' })] })).outcome).toBe('PASSED');
    expect(outcome({ ...check, session: 'pooled' }, base({ probes: [failed(2000, 'AccessDeniedException', DENIED, { session: 'fresh' })] })).outcome).toBe('FAILED');
    const wrong = outcome(check, base({ probes: [failed(2000, 'BadRequestException', 'QLDB does not have grant access'), failed(2100, 'AccessDeniedException', 'another text')] }));
    expect(wrong).toEqual({ outcome: 'FAILED', observed: '0 AccessDeniedException failures; other errors: BadRequestException, AccessDeniedException' });
  });

  test('event-count counts one detail type exactly', () => {
    const events = [{ at: at(1500), detailType: 'Ledger Key At Risk', detail: {} }];
    expect(outcome({ kind: 'event-count', detailType: 'Ledger Key At Risk', count: 1 }, base({ events })).outcome).toBe('PASSED');
    expect(outcome({ kind: 'event-count', detailType: 'Ledger Key At Risk', count: 1 }, base({ events: [...events, ...events] })).outcome).toBe('FAILED');
    expect(outcome({ kind: 'event-count', detailType: 'Ledger Encryption Status Changed', count: 0 }, base({ events })).outcome).toBe('PASSED');
  });

  test('event-received matches detail values and required detail members', () => {
    const rotation = { at: at(1500), detailType: 'KMS CMK Rotation', detail: { 'rotation-type': 'AUTOMATIC' } };
    const check = { kind: 'event-received', detailType: 'KMS CMK Rotation', detail: { 'rotation-type': 'ON_DEMAND' } } as const;
    expect(outcome(check, base({ events: [rotation] }))).toEqual({ outcome: 'FAILED', observed: '1 "KMS CMK Rotation" event, 0 matching' });
    expect(outcome(check, base({ events: [rotation, { ...rotation, detail: { 'rotation-type': 'ON_DEMAND' } }] })).outcome).toBe('PASSED');
    const atRisk: ExpectationCheck = { kind: 'event-received', detailType: 'Ledger Key At Risk', detailHas: ['pendingDeletionDate'] };
    expect(outcome(atRisk, base({ events: [{ at: at(1500), detailType: 'Ledger Key At Risk', detail: { pendingDeletionDate: null } }] })).outcome).toBe('FAILED');
    expect(outcome(atRisk, base({ events: [{ at: at(1500), detailType: 'Ledger Key At Risk', detail: { pendingDeletionDate: '2026-12-09' } }] })).outcome).toBe('PASSED');
  });

  test('status-sequence wants the statuses in order, repeats and other statuses allowed between', () => {
    const ledger = (...statuses: ('ENABLED' | 'UPDATING' | 'KMS_KEY_INACCESSIBLE')[]) => statuses.map((status, i) => ({ at: at(1000 + i * 100), status, kmsKeyArn: 'k' }));
    const check = { kind: 'status-sequence', statuses: ['KMS_KEY_INACCESSIBLE', 'ENABLED'] } as const;
    expect(outcome(check, base({ ledger: ledger('ENABLED', 'KMS_KEY_INACCESSIBLE', 'KMS_KEY_INACCESSIBLE', 'ENABLED') }))).toEqual({
      outcome: 'PASSED',
      observed: 'statuses seen: ENABLED → KMS_KEY_INACCESSIBLE → ENABLED',
    });
    expect(outcome(check, base({ ledger: ledger('ENABLED', 'KMS_KEY_INACCESSIBLE') })).outcome).toBe('FAILED');
    expect(outcome(check, base({ ledger: [] })).observed).toBe('statuses seen: none');
  });

  test('status-always', () => {
    const check = { kind: 'status-always', status: 'ENABLED' } as const;
    expect(outcome(check, base()).outcome).toBe('PASSED');
    expect(outcome(check, base({ ledger: [...base().ledger, { at: at(2000), status: 'UPDATING', kmsKeyArn: 'k' }] })).outcome).toBe('FAILED');
    expect(outcome(check, base({ ledger: [] })).outcome).toBe('FAILED');
  });

  test('measured passes once the measurement exists', () => {
    expect(outcome({ kind: 'measured', measurement: 'timeToImpactMs' }, base())).toEqual({ outcome: 'FAILED', observed: 'not observed' });
    expect(outcome({ kind: 'measured', measurement: 'timeToImpactMs' }, base({ probes: [failed(1700, 'X', '')] }))).toEqual({ outcome: 'PASSED', observed: '700 ms' });
  });

  test('fact: true passes, false and unchecked fail', () => {
    expect(outcome({ kind: 'fact', fact: 'rotationListed' }, base({ facts: { rotationListed: true } })).outcome).toBe('PASSED');
    expect(outcome({ kind: 'fact', fact: 'rotationListed' }, base({ facts: { rotationListed: false } }))).toEqual({ outcome: 'FAILED', observed: 'false' });
    expect(outcome({ kind: 'fact', fact: 'rotationListed' }, base()).observed).toBe('not checked');
  });
});

const expectations: Expectation[] = [
  { id: 'a', description: 'no failures', kind: 'no-failed-probes', role: 'application' },
  { id: 'b', description: 'listed', kind: 'fact', fact: 'rotationListed' },
];

describe('checkExpectations and the scenario verdict', () => {
  test('one result per expectation; PASSED only when all pass', () => {
    const passing = base({ facts: { rotationListed: true } });
    const results = checkExpectations(expectations, passing, measure(passing));
    expect(results.map((r) => [r.id, r.outcome])).toEqual([
      ['a', 'PASSED'],
      ['b', 'PASSED'],
    ]);
    expect(scenarioVerdict(passing, results)).toBe('PASSED');
    const failing = base();
    expect(scenarioVerdict(failing, checkExpectations(expectations, failing, measure(failing)))).toBe('FAILED');
  });

  test('a broken drill is ERROR and its expectations are not judged', () => {
    const broken = base({ error: { name: 'States.TaskFailed', message: 'DescribeLedger timed out' }, facts: { rotationListed: true } });
    const results = checkExpectations(expectations, broken, measure(broken));
    expect(results.map((r) => r.outcome)).toEqual(['ERROR', 'ERROR']);
    expect(results[0].observed).toMatch(/DescribeLedger timed out/);
    expect(scenarioVerdict(broken, results)).toBe('ERROR');
  });

  test('a stopped drill is STOPPED, even when it also broke', () => {
    const stopped = base({ stopped: true, error: { name: 'X', message: 'y' } });
    expect(checkExpectations(expectations, base({ stopped: true }), measure(stopped)).map((r) => r.outcome)).toEqual(['STOPPED', 'STOPPED']);
    expect(scenarioVerdict(stopped, [])).toBe('STOPPED');
  });

  test('a rollback that did not restore the baseline makes it ERROR, whatever the expectations said', () => {
    const left = base({ facts: { rotationListed: true }, rollback: { startedAt: at(9000), endedAt: at(9500), restored: false, leftChanged: ['key disabled'] } });
    const results = checkExpectations(expectations, left, measure(left));
    expect(results.every((r) => r.outcome === 'PASSED')).toBe(true);
    expect(scenarioVerdict(left, results)).toBe('ERROR');
  });

  test("scenarioReport carries the verdict at top level, the measurements and the raw timeline", () => {
    const record = base({ scenario: 'on-demand-rotation', executionArn: 'arn:exec', events: [{ at: at(1100), detailType: 'KMS CMK Rotation', detail: { 'rotation-type': 'ON_DEMAND' } }], facts: { rotationListed: true, oldDocumentsReadBack: true } });
    const report = scenarioReport(scenarioNamed('on-demand-rotation'), record);
    expect(report.verdict).toBe('PASSED');
    expect(report.expectations).toHaveLength(scenarioNamed('on-demand-rotation').expectations.length);
    expect(report.executionArn).toBe('arn:exec');
    expect(report.measurements.probes.all.operations).toBe(2);
    expect(report.timeline.events).toEqual(record.events);
    expect(report).not.toHaveProperty('error');
  });
});

describe('the suite', () => {
  test('PASSED only when every scenario passed; otherwise ERROR, then FAILED, then STOPPED', () => {
    expect(suiteVerdict(['PASSED', 'PASSED'])).toBe('PASSED');
    expect(suiteVerdict(['PASSED', 'STOPPED'])).toBe('STOPPED');
    expect(suiteVerdict(['STOPPED', 'FAILED', 'PASSED'])).toBe('FAILED');
    expect(suiteVerdict(['FAILED', 'ERROR'])).toBe('ERROR');
  });

  test('an empty suite is ERROR and a stopped suite STOPPED', () => {
    expect(suiteVerdict([])).toBe('ERROR');
    expect(suiteVerdict(['PASSED'], true)).toBe('STOPPED');
  });

  test('suiteReport counts the verdicts and keeps every scenario report', () => {
    const pass = scenarioReport(scenarioNamed('grant-revocation'), base({ ledger: [{ at: at(2000), status: 'KMS_KEY_INACCESSIBLE', kmsKeyArn: 'k' }, { at: at(6000), status: 'ENABLED', kmsKeyArn: 'k' }], events: [{ at: at(1200), detailType: 'Ledger Key At Risk', detail: {} }] }));
    const fail = scenarioReport(scenarioNamed('grant-revocation'), base());
    const suite = suiteReport([pass, fail], { startedAt: at(0), endedAt: at(20_000) });
    expect([pass.verdict, fail.verdict]).toEqual(['PASSED', 'FAILED']);
    expect(suite.verdict).toBe('FAILED');
    expect(suite.counts).toEqual({ PASSED: 1, FAILED: 1, ERROR: 0, STOPPED: 0 });
    expect(suite.scenarios).toEqual([pass, fail]);
  });
});

describe('the scenario catalogue', () => {
  test('seven scenarios, each with unique expectation ids', () => {
    expect(SCENARIOS.map((s) => s.name)).toEqual(['alias-switch', 're-key', 'disable-key', 'no-access-key', 'scheduled-deletion', 'on-demand-rotation', 'grant-revocation']);
    for (const s of SCENARIOS) {
      expect(s.expectations.length).toBeGreaterThan(0);
      expect(new Set(s.expectations.map((e) => e.id)).size).toBe(s.expectations.length);
    }
    expect(SCENARIOS.filter((s) => s.guarded).map((s) => s.name)).toEqual(['scheduled-deletion']);
  });
});
