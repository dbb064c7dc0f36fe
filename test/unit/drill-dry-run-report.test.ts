import type { DrillRecord } from '../../functions/domain/drills/drill-record';
import { boundedReport } from '../../functions/domain/drills/report-bound';
import { scenarioReport } from '../../functions/domain/drills/scenario-report';
import { scenarioNamed } from '../../functions/domain/drills/scenarios';
import { at } from '../helpers/drill-probes';

const record = (extra: Partial<DrillRecord> = {}): DrillRecord => ({
  scenario: 'disable-key',
  dryRun: true,
  startedAt: at(0),
  endedAt: at(1000),
  baselineKeyArn: 'arn:aws:kms:us-east-1:111122223333:key/k',
  probes: [],
  ledger: [],
  events: [],
  facts: {},
  rollback: { startedAt: at(500), endedAt: at(900), restored: true },
  ...extra,
});

test('a dry run is PASSED with every expectation NOT_RUN and its checks in the report', () => {
  const report = scenarioReport(scenarioNamed('disable-key'), record(), ['key k is Enabled']);
  expect(report.verdict).toBe('PASSED');
  expect(report.expectations.map((e) => e.outcome)).toEqual(report.expectations.map(() => 'NOT_RUN'));
  expect(report.dryRunChecks).toEqual(['key k is Enabled']);
});

test('a dry run that broke, or whose rollback found something changed, is ERROR', () => {
  expect(scenarioReport(scenarioNamed('disable-key'), record({ error: { name: 'DrillPreconditionFailed', message: 'no' } })).verdict).toBe('ERROR');
  expect(scenarioReport(scenarioNamed('disable-key'), record({ rollback: { startedAt: at(500), endedAt: at(900), restored: false, leftChanged: ['x'] } })).verdict).toBe('ERROR');
});

test('a real drill with nothing observed is FAILED, not NOT_RUN', () => {
  const report = scenarioReport(scenarioNamed('disable-key'), record({ dryRun: false }));
  expect(report.verdict).toBe('FAILED');
  expect(report.expectations.some((e) => e.outcome === 'NOT_RUN')).toBe(false);
  expect(report).not.toHaveProperty('dryRunChecks');
});

test('a report too long for Step Functions keeps every failure and event, and thins the successes until it fits', () => {
  const probes = Array.from({ length: 2000 }, (_, i) => ({ at: at(i * 10), role: 'application' as const, kind: 'read' as const, session: 'pooled' as const, ok: i % 100 !== 0, latencyMs: 5, ...(i % 100 === 0 ? { errorName: 'BadRequestException', errorMessage: 'x' } : {}) }));
  const report = scenarioReport(scenarioNamed('disable-key'), record({ dryRun: false, probes, events: [{ at: at(5), detailType: 'Ledger Key At Risk', detail: {} }] }));
  const bounded = boundedReport(report, 60_000);
  expect(Buffer.byteLength(JSON.stringify(bounded))).toBeLessThanOrEqual(60_000);
  expect(bounded.timelineThinned!.keptEvery).toBeGreaterThan(1);
  expect(bounded.timeline.probes.filter((p) => !p.ok)).toHaveLength(20);
  expect(bounded.timeline.events).toHaveLength(1);
  expect(bounded.measurements).toEqual(report.measurements);
  expect(boundedReport(report, 10_000_000)).toBe(report);
});
