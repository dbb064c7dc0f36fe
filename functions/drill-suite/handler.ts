import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { gunzipSync } from 'node:zlib';
import { REPORT_ITEM, RESULTS_PARTITION_KEY, RESULTS_SORT_KEY } from '../domain/reports/publication';
import type { ScenarioReport } from '../domain/drills/scenario-report';
import { aggregateSuite, childExecutionArn, scenarioOutcomes, InvalidSuiteStepError } from '../domain/drills/suite-outcomes';
import { boundedSuiteReport, type BoundedSuiteReport } from '../domain/drills/suite-payload';
import { suitePlan, type DrillRun } from '../domain/drills/suite-plan';
import { requiredEnv } from '../shared/env';

/**
 * The DrillSuite's two steps (statemachines/drill-suite.asl.json): `plan` checks the suite input and lists the
 * drill runs before any runs; `aggregate` reads each scenario's published report from the results table and
 * makes the suite's report. docs/drill-suite.md.
 */

const resultsTable = requiredEnv('RESULTS_TABLE_NAME');
const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}));

export type SuiteStepRequest = { action: 'plan'; input?: unknown } | { action: 'aggregate'; runId: string; startedAt: string; outcomes: unknown };

export async function handler(event: SuiteStepRequest): Promise<{ runs: DrillRun[] } | BoundedSuiteReport> {
  switch (event?.action) {
    case 'plan':
      return { runs: suitePlan(event.input) };
    case 'aggregate': {
      const outcomes = scenarioOutcomes(event.outcomes);
      const published = await Promise.all(outcomes.map((o) => publishedReport(childExecutionArn(o))));
      return boundedSuiteReport(aggregateSuite(outcomes, published, { startedAt: event.startedAt, endedAt: new Date().toISOString() }));
    }
    default:
      throw new InvalidSuiteStepError(`unknown action ${JSON.stringify((event as { action?: unknown })?.action)}: plan or aggregate`);
  }
}

/** The report a drill execution published (functions/report-publisher), plain or gzipped; none if it published none. */
async function publishedReport(runId: string | undefined): Promise<ScenarioReport | undefined> {
  if (runId === undefined) return undefined;
  const { Item } = await documents.send(new GetCommand({ TableName: resultsTable, Key: { [RESULTS_PARTITION_KEY]: runId, [RESULTS_SORT_KEY]: REPORT_ITEM }, ConsistentRead: true }));
  if (!Item) return undefined;
  const text = typeof Item.report === 'string' ? Item.report : gunzipSync(Item.reportGzip as Uint8Array).toString('utf8');
  return JSON.parse(text) as ScenarioReport;
}
