import type { ScenarioReport } from '../../functions/domain/drills/scenario-report';
import type { SuiteReport } from '../../functions/domain/drills/suite-report';

/** What an execution returns: one scenario's report (KeyRotationDrill) or a suite's (DrillSuite). */
export type DrillReport = ScenarioReport | SuiteReport;

export const isSuiteReport = (report: DrillReport): report is SuiteReport => 'scenarios' in report;

export const scenariosOf = (report: DrillReport): readonly ScenarioReport[] => (isSuiteReport(report) ? report.scenarios : [report]);

/** The scenarios a stopped suite never started, in the order they would have run (none for any other report). */
export const notRunOf = (report: DrillReport): readonly string[] => (isSuiteReport(report) ? (report.notRun ?? []) : []);

/**
 * How a suite that did not finish ended, in one sentence: "stopped (ABORTED): keydrill.Interrupted: …"; undefined
 * for a suite that ran to its end and for a single scenario (whose STOPPED verdict and error say it).
 */
export function stopText(report: DrillReport): string | undefined {
  if (!isSuiteReport(report) || !report.stop) return undefined;
  const { status, error, cause } = report.stop;
  const why = [error, cause].filter(Boolean).join(': ');
  return `the suite ${status === 'TIMED_OUT' ? 'timed out' : 'was stopped'} (${status})${why ? `: ${why}` : ''}`;
}

/** Milliseconds for people: "850 ms", "12.3 s", "—" when never observed. */
function duration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** The probe table's rows, as plain text (each renderer escapes for its format): window, operations, failures, availability, latency. */
export function probeWindowRows(s: ScenarioReport): string[][] {
  return (['before', 'during', 'after', 'all'] as const).map((w) => {
    const f = s.measurements.probes[w];
    return [
      w,
      String(f.operations),
      Object.entries(f.failuresByError).map(([name, n]) => `${name} ×${n}`).join(', ') || '—',
      f.availabilityPercent === null ? '—' : `${f.availabilityPercent.toFixed(2)} %`,
      f.latencyMs ? `${f.latencyMs.p50} / ${f.latencyMs.p99} / ${f.latencyMs.max} ms` : '—',
    ];
  });
}

/** The timings table's rows, as plain text: figure, value. */
export function figureRows(s: ScenarioReport): [string, string][] {
  const m = s.measurements;
  const rollback = !s.rollback ? '' : s.rollback.restored ? ', baseline restored' : `, NOT restored: ${(s.rollback.leftChanged ?? []).join(', ') || 'unknown'}`;
  return [
    ['time to detect: "Ledger Key At Risk"', duration(m.timeToDetect.keyAtRiskMs)],
    ['time to detect: status-change alert', duration(m.timeToDetect.statusChangeAlertMs)],
    ['time to detect: DescribeLedger', duration(m.timeToDetect.describeLedgerMs)],
    ['time to detect: InaccessibleKmsKeyDateTime', duration(m.timeToDetect.inaccessibleSinceMs)],
    ['time to impact', duration(m.timeToImpactMs)],
    ['time to recover', duration(m.timeToRecoverMs)],
    ['UPDATING duration', duration(m.updatingDurationMs)],
    ['rollback', `${duration(m.rollbackDurationMs)}${rollback}`],
  ];
}
