import type { ScenarioReport } from './scenario-report';
import { missingReport, type ScenarioOutcome } from './suite-outcomes';
import type { PlannedRun } from './suite-plan';
import { suiteReport, type SuiteReport, type SuiteStop } from './suite-report';

/**
 * The report of a DrillSuite that was stopped (StopExecution) or timed out before its own Aggregate and Publish
 * (docs/drill-suite.md#a-stopped-suite): the suite's stop rule finds, for each run of its plan, the nested drill
 * execution (named by nestedDrillName) and the report it published, and this makes the SuiteReport of them.
 */

/** A nested drill execution as DescribeExecution shows it (dates as ISO strings). */
export interface NestedExecution {
  executionArn: string;
  status: string;
  startDate?: string;
  stopDate?: string;
  error?: string;
  cause?: string;
}

/** One run of the suite's plan: its nested execution, if the suite got as far as starting it, and its published report. */
export interface StoppedSuiteRun {
  run: PlannedRun;
  execution?: NestedExecution;
  report?: ScenarioReport;
}

/**
 * A drill still running, or ended by a stop (the suite's stop stops the drill it runs): the drill's own stop rule
 * rolls it back and then publishes its STOPPED report, so that report is worth waiting for.
 */
export const awaitsStopReport = (execution: NestedExecution) => ['RUNNING', 'ABORTED', 'TIMED_OUT'].includes(execution.status);

/** The outcome the suite's Map would have kept for a run that ended: the ARN, or the Catch's error with the execution's description as Cause. */
function outcomeOf(run: PlannedRun, execution: NestedExecution): ScenarioOutcome {
  if (execution.status === 'SUCCEEDED') return { input: run.input, executionArn: execution.executionArn };
  const { executionArn, status, startDate, stopDate, error, cause } = execution;
  const description = { ExecutionArn: executionArn, Status: status, StartDate: startDate, StopDate: stopDate, Error: error, Cause: cause };
  return { input: run.input, failure: { Error: 'States.TaskFailed', Cause: JSON.stringify(description) } };
}

/**
 * Verdict STOPPED. The scenarios that finished keep their own reports and verdicts; the one running when the
 * suite stopped has its drill's STOPPED report (or, when that was not published in time, a STOPPED report saying
 * where it will be); the scenarios never started are listed in `notRun`, not counted.
 */
export function stoppedSuiteReport(runs: readonly StoppedSuiteRun[], suite: { startedAt: string; endedAt: string; stop: SuiteStop }): SuiteReport {
  const at = { startedAt: suite.startedAt, endedAt: suite.endedAt };
  const reports = runs.flatMap(({ run, execution, report }) => (execution ? [report ?? missingReport(outcomeOf(run, execution), at, awaitsStopReport(execution))] : []));
  const notRun = runs.filter((r) => !r.execution).map((r) => r.run.input.scenario);
  return suiteReport(reports, { ...at, stopped: { stop: suite.stop, notRun } });
}
