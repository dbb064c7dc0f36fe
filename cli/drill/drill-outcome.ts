import type { Verdict } from '../../functions/domain/drills/drill-record';
import { suiteVerdict } from '../../functions/domain/drills/suite-report';
import type { DrillReport } from '../drill-report';
import { isVerdict } from './drill-exit-codes';
import type { ExecutionResult } from './run-execution';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A scenario report as far as the renderers rely on it: verdict, expectations, measurements, timeline. */
const isScenarioReport = (v: unknown) => isObject(v) && isVerdict(v.verdict) && typeof v.scenario === 'string' && Array.isArray(v.expectations) && isObject(v.measurements) && isObject(v.timeline);

/** The value as a drill report (KeyRotationDrill's or DrillSuite's output), or undefined when it is not one. */
export function asDrillReport(value: unknown): DrillReport | undefined {
  if (isScenarioReport(value)) return value as DrillReport;
  if (isObject(value) && isVerdict(value.verdict) && Array.isArray(value.scenarios) && value.scenarios.every(isScenarioReport)) return value as unknown as DrillReport;
  return undefined;
}

export interface DrillOutcome {
  verdict: Verdict;
  report?: DrillReport;
  /** Why there is no report, when there is none. */
  problem?: string;
}

/** What the execution's own status says: only a SUCCEEDED one can pass. */
const statusVerdict = (status: string): Verdict => (status === 'SUCCEEDED' ? 'PASSED' : status === 'ABORTED' ? 'STOPPED' : 'ERROR');

/**
 * The verdict of a finished execution: its report's, made no better than its status (a report published by a
 * run that then failed does not pass). Without a report, an execution that was stopped is STOPPED and any other
 * is ERROR, since a drill that ends without reporting has broken.
 */
export function drillOutcome(result: ExecutionResult): DrillOutcome {
  const report = asDrillReport(result.report);
  if (report && result.status === 'SUCCEEDED') return { verdict: report.verdict, report };
  if (report) return { verdict: suiteVerdict([report.verdict, statusVerdict(result.status)]), report, problem: `the execution ended ${result.status}${result.error ? ` (${result.error})` : ''} after publishing its report` };
  const why = result.report === undefined ? `the execution ended ${result.status} without a report${result.error ? ` (${result.error}${result.cause ? `: ${result.cause}` : ''})` : ''}` : 'the execution output is not a drill report';
  return { verdict: result.status === 'ABORTED' ? 'STOPPED' : 'ERROR', problem: why };
}
