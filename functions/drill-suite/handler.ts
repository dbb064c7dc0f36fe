import type { ScenarioReport } from '../domain/drills/scenario-report';
import { aggregateSuite, childExecutionArn, scenarioOutcomes, InvalidSuiteStepError } from '../domain/drills/suite-outcomes';
import { boundedSuiteReport, type BoundedSuiteReport } from '../domain/drills/suite-payload';
import { plannedRuns, type PlannedRun } from '../domain/drills/suite-plan';
import { isStatusChange, type ExecutionStatusChange } from '../shared/execution-status-change';
import { publishedReport } from './published-reports';
import { reportStoppedSuite } from './stopped';

/**
 * The DrillSuite's two steps (statemachines/drill-suite.asl.json): `plan` checks the suite input and lists the
 * drill runs, each with its nested execution's name, before any runs; `aggregate` reads each scenario's published
 * report from the results table and makes the suite's report. And the suite's stop rule's target (a "Step
 * Functions Execution Status Change" event): a stopped suite's report. docs/drill-suite.md.
 */

export type SuiteStepRequest = { action: 'plan'; runId: string; input?: unknown } | { action: 'aggregate'; runId: string; startedAt: string; outcomes: unknown };

export async function handler(event: SuiteStepRequest | ExecutionStatusChange): Promise<{ runs: PlannedRun[] } | BoundedSuiteReport | { runId: string; verdict: string } | undefined> {
  if (isStatusChange(event)) return reportStoppedSuite(event);
  switch (event?.action) {
    case 'plan':
      if (typeof event.runId !== 'string') throw new InvalidSuiteStepError('plan needs the suite execution\'s ARN as runId: the nested drills are named after it');
      return { runs: plannedRuns(event.runId, event.input) };
    case 'aggregate': {
      const outcomes = scenarioOutcomes(event.outcomes);
      const published = await Promise.all(outcomes.map((o) => optionalReport(childExecutionArn(o))));
      return boundedSuiteReport(aggregateSuite(outcomes, published, { startedAt: event.startedAt, endedAt: new Date().toISOString() }));
    }
    default:
      throw new InvalidSuiteStepError(`unknown action ${JSON.stringify((event as { action?: unknown })?.action)}: plan or aggregate`);
  }
}

const optionalReport = async (runId: string | undefined) => (runId === undefined ? undefined : publishedReport<ScenarioReport>(runId));
