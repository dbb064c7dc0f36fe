import { LambdaClient } from '@aws-sdk/client-lambda';
import { DescribeExecutionCommand, ExecutionDoesNotExist, SFNClient } from '@aws-sdk/client-sfn';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ScenarioReport } from '../domain/drills/scenario-report';
import { boundedSuiteReport } from '../domain/drills/suite-payload';
import { nestedExecutionArn, plannedRuns, type PlannedRun } from '../domain/drills/suite-plan';
import type { SuiteStop } from '../domain/drills/suite-report';
import { awaitsStopReport, stoppedSuiteReport, type NestedExecution, type StoppedSuiteRun } from '../domain/drills/suite-stopped';
import { requiredEnv } from '../shared/env';
import type { ExecutionStatusChange } from '../shared/execution-status-change';
import { publishReport } from '../shared/publish-report';
import { publishedReport } from './published-reports';

/**
 * The suite's stop rule (docs/drill-suite.md#a-stopped-suite): a DrillSuite stopped or timed out never reaches its
 * Aggregate and Publish states, so this makes and publishes its STOPPED report from the nested drills it started.
 */

const drillStateMachineArn = requiredEnv('DRILL_STATE_MACHINE_ARN');
const reportPublisher = requiredEnv('REPORT_PUBLISHER_FUNCTION');
const sfn = new SFNClient({});
const lambda = new LambdaClient({});

/**
 * How long, in all, this waits for the running drill's own STOPPED report: that drill's stop rule rolls it back
 * first (docs/drills.md; each attempt waits up to the drill's rollbackMs, a minute by default). Below the suite
 * function's timeout (infra/constructs/drill-suite.ts), so the suite's report is published even when it is not.
 */
export const STOPPED_DRILL_REPORT_WAIT_MS = 240_000;
const POLL_MS = 1000;

const iso = (epochMs: number | null | undefined) => new Date(epochMs ?? Date.now()).toISOString();

/** The plan the suite ran by: none when its input was refused (it then started nothing). */
function planOf(runId: string, input: string | null | undefined): PlannedRun[] {
  try {
    return plannedRuns(runId, JSON.parse(input ?? '{}'));
  } catch {
    return [];
  }
}

async function nestedExecution(executionArn: string): Promise<NestedExecution | undefined> {
  try {
    const e = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    return {
      executionArn,
      status: e.status ?? 'RUNNING',
      ...(e.startDate ? { startDate: e.startDate.toISOString() } : {}),
      ...(e.stopDate ? { stopDate: e.stopDate.toISOString() } : {}),
      ...(e.error !== undefined ? { error: e.error } : {}),
      ...(e.cause !== undefined ? { cause: e.cause } : {}),
    };
  } catch (e) {
    if (e instanceof ExecutionDoesNotExist) return undefined;
    throw e;
  }
}

async function reportBy(runId: string, deadline: number): Promise<ScenarioReport | undefined> {
  for (;;) {
    const report = await publishedReport<ScenarioReport>(runId);
    if (report || Date.now() >= deadline) return report;
    await sleep(POLL_MS);
  }
}

export async function reportStoppedSuite(event: ExecutionStatusChange): Promise<{ runId: string; verdict: string } | undefined> {
  const { executionArn: runId, status, input, startDate, stopDate, error, cause } = event.detail;
  if (status !== 'ABORTED' && status !== 'TIMED_OUT') throw new Error(`the suite's stop rule handles ABORTED and TIMED_OUT executions, not ${status}`);
  // Stopped while publishing its own report: that report stands.
  if (await publishedReport(runId)) return undefined;
  const deadline = Date.now() + STOPPED_DRILL_REPORT_WAIT_MS;
  const runs: StoppedSuiteRun[] = [];
  for (const run of planOf(runId, input)) {
    const execution = await nestedExecution(nestedExecutionArn(drillStateMachineArn, run.name));
    const report = execution && (awaitsStopReport(execution) ? await reportBy(execution.executionArn, deadline) : await publishedReport<ScenarioReport>(execution.executionArn));
    runs.push({ run, ...(execution ? { execution } : {}), ...(report ? { report } : {}) });
  }
  const stop: SuiteStop = { status, ...(error ? { error } : {}), ...(cause ? { cause } : {}) };
  const report = boundedSuiteReport(stoppedSuiteReport(runs, { startedAt: iso(startDate), endedAt: iso(stopDate), stop }));
  await publishReport(lambda, reportPublisher, { kind: 'suite', runId, report });
  return { runId, verdict: report.verdict };
}
