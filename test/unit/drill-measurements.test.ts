import type { DrillRecord, ProbeOperation } from '../../functions/domain/drills/drill-record';
import { measure, percentile, windowFigures } from '../../functions/domain/drills/measurements';
import { at, probe } from '../helpers/drill-probes';

const op = (ms: number, ok: boolean, latencyMs: number, extra: Partial<ProbeOperation> = {}): ProbeOperation =>
  probe(ms, latencyMs, ok ? undefined : { errorName: 'BadRequestException', errorMessage: 'QLDB does not have grant access' }, extra);

/** A disable-key drill: disrupted at 1 s, restored at 5 s, with the signals at known times. */
const record = (over: Partial<DrillRecord> = {}): DrillRecord => ({
  scenario: 'disable-key',
  dryRun: false,
  startedAt: at(0),
  endedAt: at(10_000),
  baselineKeyArn: 'arn:key/ledger',
  window: { disruptedAt: at(1000), restoredAt: at(5000) },
  probes: [op(100, true, 10), op(900, true, 20), op(1500, true, 30), op(2500, false, 5), op(4000, false, 7, { errorName: 'AccessDeniedException' }), op(5200, false, 6), op(5900, true, 40), op(8000, true, 50)],
  ledger: [
    { at: at(500), status: 'ENABLED', kmsKeyArn: 'arn:key/ledger' },
    { at: at(2000), status: 'KMS_KEY_INACCESSIBLE', kmsKeyArn: 'arn:key/ledger', inaccessibleSince: at(1800) },
    { at: at(6500), status: 'ENABLED', kmsKeyArn: 'arn:key/ledger' },
  ],
  events: [
    { at: at(1200), detailType: 'Ledger Key At Risk', detail: {} },
    { at: at(2100), detailType: 'Ledger Encryption Status Changed', detail: { status: 'KMS_KEY_INACCESSIBLE' } },
    { at: at(300), detailType: 'Ledger Key At Risk', detail: {} },
  ],
  facts: {},
  rollback: { startedAt: at(9000), endedAt: at(9750), restored: true },
  ...over,
});

describe('percentile (nearest rank)', () => {
  test('reports observed values only', () => {
    const sorted = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect([percentile(sorted, 50), percentile(sorted, 99), percentile(sorted, 100), percentile(sorted, 1)]).toEqual([5, 10, 10, 1]);
    expect(percentile([42], 50)).toBe(42);
  });
});

describe('windowFigures', () => {
  test('counts failures by error name, availability and latency over every operation', () => {
    const figures = windowFigures([op(0, true, 10), op(1, false, 30), op(2, false, 20, { errorName: 'AccessDeniedException' }), op(3, false, 5, { errorName: undefined })]);
    expect(figures).toEqual({
      operations: 4,
      failures: 3,
      failuresByError: { BadRequestException: 1, AccessDeniedException: 1, UnknownError: 1 },
      availabilityPercent: 25,
      latencyMs: { p50: 10, p99: 30, max: 30 },
    });
  });

  test('an empty window has no availability and no latency', () => {
    expect(windowFigures([])).toEqual({ operations: 0, failures: 0, failuresByError: {}, availabilityPercent: null, latencyMs: null });
  });
});

describe('measure', () => {
  test('splits probes before, during and after the disruption window', () => {
    const m = measure(record());
    expect([m.probes.before.operations, m.probes.during.operations, m.probes.after.operations, m.probes.all.operations]).toEqual([2, 3, 3, 8]);
    expect(m.probes.during.failuresByError).toEqual({ BadRequestException: 1, AccessDeniedException: 1 });
    expect(m.probes.during.availabilityPercent).toBeCloseTo(100 / 3);
    expect(m.probes.before.latencyMs).toEqual({ p50: 10, p99: 20, max: 20 });
  });

  test('times every signal from the disruption, ignoring those before it', () => {
    const m = measure(record());
    expect(m.timeToDetect).toEqual({ keyAtRiskMs: 200, statusChangeAlertMs: 1100, describeLedgerMs: 1000, inaccessibleSinceMs: 800 });
    expect(m.timeToImpactMs).toBe(1500);
    // From the restoring call (5 s) to the first success after it (5.9 s); the failure at 5.2 s does not count.
    expect(m.timeToRecoverMs).toBe(900);
    expect(m.rollbackDurationMs).toBe(750);
    expect(m.updatingDurationMs).toBeNull();
  });

  test('only the application role counts for impact and recovery', () => {
    const probes = record().probes.map((o) => (o.ok ? o : { ...o, role: 'administrator' as const }));
    const m = measure(record({ probes }));
    expect([m.timeToImpactMs, m.timeToRecoverMs]).toEqual([null, null]);
  });

  test('no impact, nothing to recover from; a signal that never came is null', () => {
    const m = measure(record({ probes: [op(2000, true, 1), op(6000, true, 1)], events: [], ledger: [] }));
    expect(m.timeToImpactMs).toBeNull();
    expect(m.timeToRecoverMs).toBeNull();
    expect(m.timeToDetect).toEqual({ keyAtRiskMs: null, statusChangeAlertMs: null, describeLedgerMs: null, inaccessibleSinceMs: null });
  });

  test('impact without a restoring call: no time to recover, and the disruption lasts to the end', () => {
    const m = measure(record({ window: { disruptedAt: at(1000) } }));
    expect(m.timeToRecoverMs).toBeNull();
    expect([m.probes.during.operations, m.probes.after.operations]).toEqual([6, 0]);
  });

  test('without a disruption window everything is before it and nothing is timed', () => {
    const m = measure(record({ window: undefined, rollback: undefined }));
    expect(m.probes.before.operations).toBe(8);
    expect([m.timeToImpactMs, m.timeToDetect.keyAtRiskMs, m.rollbackDurationMs]).toEqual([null, null, null]);
  });

  test('the UPDATING duration runs from the first UPDATING to the first ENABLED after it, whatever the order observed', () => {
    const ledger = [
      { at: at(4000), status: 'ENABLED' as const, kmsKeyArn: 'arn:key/rotate' },
      { at: at(1500), status: 'UPDATING' as const, kmsKeyArn: 'arn:key/rotate' },
      { at: at(1000), status: 'ENABLED' as const, kmsKeyArn: 'arn:key/ledger' },
      { at: at(2500), status: 'UPDATING' as const, kmsKeyArn: 'arn:key/rotate' },
    ];
    expect(measure(record({ ledger })).updatingDurationMs).toBe(2500);
    expect(measure(record({ ledger: ledger.filter((l) => l.at !== at(4000)) })).updatingDurationMs).toBeNull();
  });
});
