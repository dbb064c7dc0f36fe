import type { ScenarioReport } from '../../functions/domain/drills/scenario-report';
import type { SuiteReport } from '../../functions/domain/drills/suite-report';

/** What an execution returns: one scenario's report (KeyRotationDrill) or a suite's (DrillSuite). */
export type DrillReport = ScenarioReport | SuiteReport;

export const isSuiteReport = (report: DrillReport): report is SuiteReport => 'scenarios' in report;

export const scenariosOf = (report: DrillReport): readonly ScenarioReport[] => (isSuiteReport(report) ? report.scenarios : [report]);

/** Milliseconds for people: "850 ms", "12.3 s", "—" when never observed. */
export function duration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
