import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { DRILL_EVENT_SOURCE } from '../domain/reports/publication';
import { boundedReport } from '../domain/drills/report-bound';
import { drillRecord, runItems } from '../domain/drills/results-items';
import { scenarioReport, type ScenarioReport } from '../domain/drills/scenario-report';
import { SCENARIO_NAMES, scenarioNamed, type ScenarioName } from '../domain/drills/scenarios';
import type { DrillContext } from './context';
import { progress, queryRun, releaseLock } from './results';
import { publishReport } from '../shared/publish-report';

export const ROLLBACK_INCOMPLETE = 'Drill Rollback Incomplete';

/** What a Catch hands on: `{Error, Cause}`, the Cause of a Lambda task being the function's error payload. */
export interface CaughtError {
  Error?: string;
  Cause?: string;
}

/** The error as the report names it: a function's own errorMessage rather than its whole payload. */
export function reportedError(caught: CaughtError): { name: string; message: string } {
  let message = caught.Cause ?? '';
  try {
    const payload = JSON.parse(message) as { errorMessage?: unknown };
    if (typeof payload?.errorMessage === 'string') message = payload.errorMessage;
  } catch {
    // A Cause that is not JSON is the message itself.
  }
  return { name: caught.Error ?? 'Error', message };
}

export interface AssembledReport {
  report: ScenarioReport;
  rollbackIncomplete: boolean;
  /** Why, in a sentence, when the rollback is incomplete: the execution fails with it. */
  cause: string;
}

/**
 * The scenario report from what the run recorded, after the rollback; raises "Drill Rollback Incomplete" when
 * the rollback left something changed, and releases the lock (the run changes nothing more). The publisher then
 * publishes the report.
 */
export async function assemble(
  ctx: DrillContext,
  run: { runId: string; startedAt: string; scenario: string; dryRun: boolean; targetKeyArn?: string; dryRunChecks?: string[]; error?: CaughtError; stopped?: boolean },
): Promise<AssembledReport> {
  await progress(ctx, run.runId, 'report: judging the expectations');
  const items = runItems(await queryRun(ctx, run.runId));
  // Input that named no known scenario still gets a report: the error says why it ran nothing.
  const name = (SCENARIO_NAMES as readonly string[]).includes(run.scenario) ? (run.scenario as ScenarioName) : undefined;
  const error = run.error ? reportedError(run.error) : undefined;
  const record = drillRecord(items, {
    scenario: run.scenario,
    executionArn: run.runId,
    dryRun: run.dryRun,
    startedAt: run.startedAt,
    endedAt: new Date().toISOString(),
    ...(run.targetKeyArn ? { targetKeyArn: run.targetKeyArn } : {}),
    ...(error ? { error } : {}),
    ...(run.stopped ? { stopped: true } : {}),
  });
  const scenario = name ? scenarioNamed(name) : { name: run.scenario as ScenarioName, disruption: 'none: the input named no known scenario', restore: '', guarded: false, expectations: [] };
  const report = boundedReport(scenarioReport(scenario, record, run.dryRun ? run.dryRunChecks ?? [] : undefined));
  const rollbackIncomplete = record.rollback !== undefined && !record.rollback.restored;
  const left = record.rollback?.leftChanged ?? [];
  if (rollbackIncomplete) {
    await ctx.events.send(
      new PutEventsCommand({ Entries: [{ EventBusName: ctx.alertBusName, Source: DRILL_EVENT_SOURCE, DetailType: ROLLBACK_INCOMPLETE, Resources: [run.runId], Detail: JSON.stringify({ runId: run.runId, scenario: run.scenario, leftChanged: left }) }] }),
    );
  }
  await releaseLock(ctx, run.runId);
  await progress(ctx, run.runId, `report: ${report.verdict}`);
  return { report, rollbackIncomplete, cause: rollbackIncomplete ? `the rollback left changed: ${left.join('; ')}` : '' };
}

/** The publisher's contract (docs/drills.md#reports), for runs that end outside the state machine (a stop). */
export async function publish(ctx: DrillContext, runId: string, report: ScenarioReport): Promise<void> {
  await publishReport(ctx.lambda, ctx.reportPublisher, { kind: 'drill', runId, report });
}
