import type { Verdict } from './drill-record';
import type { ScenarioReport } from './scenario-report';

/** How a suite that did not finish ended: stopped (StopExecution) or timed out, with the stop's error and cause. */
export interface SuiteStop {
  status: 'ABORTED' | 'TIMED_OUT';
  error?: string;
  cause?: string;
}

/** The DrillSuite execution's output: one report per scenario that ran, and the overall verdict. */
export interface SuiteReport {
  verdict: Verdict;
  startedAt: string;
  endedAt: string;
  counts: Record<Verdict, number>;
  scenarios: ScenarioReport[];
  /** A stopped suite: how it ended, and the scenarios it never started, in the order they would have run. */
  stop?: SuiteStop;
  notRun?: string[];
}

/**
 * PASSED only when every scenario PASSED. Otherwise the worst of them, in the order ERROR (a drill broke, so
 * nothing it says can be trusted), FAILED, STOPPED. A suite that ran nothing, or was stopped itself, is not a
 * pass either: ERROR and STOPPED.
 */
export function suiteVerdict(verdicts: readonly Verdict[], suiteStopped = false): Verdict {
  if (suiteStopped) return 'STOPPED';
  if (verdicts.length === 0) return 'ERROR';
  for (const worst of ['ERROR', 'FAILED', 'STOPPED'] as const) if (verdicts.includes(worst)) return worst;
  return 'PASSED';
}

export function suiteReport(scenarios: readonly ScenarioReport[], run: { startedAt: string; endedAt: string; stopped?: { stop: SuiteStop; notRun: readonly string[] } }): SuiteReport {
  const counts: Record<Verdict, number> = { PASSED: 0, FAILED: 0, ERROR: 0, STOPPED: 0 };
  for (const s of scenarios) counts[s.verdict]++;
  return {
    verdict: suiteVerdict(scenarios.map((s) => s.verdict), run.stopped !== undefined),
    startedAt: run.startedAt,
    endedAt: run.endedAt,
    counts,
    scenarios: [...scenarios],
    ...(run.stopped ? { stop: run.stopped.stop, notRun: [...run.stopped.notRun] } : {}),
  };
}
