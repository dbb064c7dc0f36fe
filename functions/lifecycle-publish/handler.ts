import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { LifecycleReport } from '../domain/lifecycle/report';
import { requiredEnv } from '../shared/env';

/**
 * Stands in for the shared report publisher (drill-contracts: functions/report-publisher) until it exists:
 * the same input, and the REPORT item it writes; the ledger's DrillReports table and the alerts bus are the
 * publisher's to add. Writing the same item again is harmless, so a retried task is safe.
 */

const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const resultsTable = requiredEnv('RESULTS_TABLE_NAME');

export interface PublishEvent {
  kind: 'lifecycle';
  runId: string;
  report: LifecycleReport;
}

export async function handler(event: PublishEvent): Promise<{ runId: string; verdict: string }> {
  await documents.send(
    new PutCommand({
      TableName: resultsTable,
      Item: { runId: event.runId, item: 'REPORT', kind: event.kind, verdict: event.report.verdict, report: JSON.stringify(event.report), publishedAt: new Date().toISOString() },
    }),
  );
  return { runId: event.runId, verdict: event.report.verdict };
}
