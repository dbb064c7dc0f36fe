import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { QldbDriver } from 'amazon-qldb-driver-nodejs';
import { gzipSync } from 'node:zlib';
import {
  DRILL_REPORTS_INDEXED_FIELD,
  DRILL_REPORTS_TABLE,
  MAX_PLAIN_REPORT_BYTES,
  REPORT_ITEM,
  RESULTS_PARTITION_KEY,
  RESULTS_SORT_KEY,
  completedEvent,
  ledgerRecord,
  publishRequest,
  reportSha256,
  reportText,
  type PublishRequest,
} from '../domain/reports/publication';
import { requiredEnv } from '../shared/env';
import { ensureLedgerTable } from '../shared/ledger-tables';

/**
 * Publishes a finished run's report (functions/domain/reports/publication.ts): the results table's REPORT item,
 * a DrillReports document in the ledger, one "… Completed" event on the alerts bus. Safe to retry: each step
 * looks for what an earlier attempt did first, so a retried publication writes nothing twice; only the event,
 * put before the item records it, can be delivered twice (EventBridge itself is at-least-once).
 */

const resultsTable = requiredEnv('RESULTS_TABLE_NAME');
const eventBusName = requiredEnv('ALERT_BUS_NAME');
const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}), { marshallOptions: { removeUndefinedValues: true } });
const events = new EventBridgeClient({});
const ledger = new QldbDriver(requiredEnv('LEDGER_NAME'));

interface Published {
  runId: string;
  verdict: string;
  documentId: string;
}

interface ReportItem {
  publishedAt: string;
  reportSha256: string;
  documentId?: string;
  eventPublished?: boolean;
}

export async function handler(event: unknown): Promise<Published> {
  const request = publishRequest(event);
  const text = reportText(request.report);
  const item = await keepInResultsTable(request, text);
  const documentId = item.documentId ?? (await recordInLedger(request, text, item.publishedAt));
  if (!item.documentId) await updateReportItem(request.runId, { documentId });
  if (!item.eventPublished) {
    const { FailedEntryCount, Entries } = await events.send(new PutEventsCommand({ Entries: [completedEvent(request, eventBusName, documentId)] }));
    if (FailedEntryCount) throw new Error(`the alerts bus refused the report event: ${Entries?.[0]?.ErrorCode} ${Entries?.[0]?.ErrorMessage}`);
    await updateReportItem(request.runId, { eventPublished: true });
  }
  return { runId: request.runId, verdict: request.report.verdict, documentId };
}

const reportKey = (runId: string) => ({ [RESULTS_PARTITION_KEY]: runId, [RESULTS_SORT_KEY]: REPORT_ITEM });

/** The REPORT item: written once; a retry finds the first attempt's item and carries on from it. */
async function keepInResultsTable(request: PublishRequest, text: string): Promise<ReportItem> {
  const { Item } = await documents.send(new GetCommand({ TableName: resultsTable, Key: reportKey(request.runId), ConsistentRead: true }));
  if (Item) {
    if (Item.reportSha256 !== reportSha256(text)) throw new Error(`run ${request.runId} already has a different published report`);
    return Item as ReportItem;
  }
  const kept: ReportItem = { publishedAt: new Date().toISOString(), reportSha256: reportSha256(text) };
  const body = Buffer.byteLength(text) > MAX_PLAIN_REPORT_BYTES ? { reportGzip: gzipSync(text) } : { report: text };
  try {
    await documents.send(
      new PutCommand({
        TableName: resultsTable,
        Item: { ...reportKey(request.runId), kind: request.kind, verdict: request.report.verdict, ...kept, ...body },
        ConditionExpression: 'attribute_not_exists(#runId)',
        ExpressionAttributeNames: { '#runId': RESULTS_PARTITION_KEY },
      }),
    );
    return kept;
  } catch (e) {
    // A concurrent attempt wrote it first: continue from its item.
    if ((e as Error).name === 'ConditionalCheckFailedException') return keepInResultsTable(request, text);
    throw e;
  }
}

async function updateReportItem(runId: string, values: Partial<ReportItem>): Promise<void> {
  const names = Object.keys(values);
  await documents.send(
    new UpdateCommand({
      TableName: resultsTable,
      Key: reportKey(runId),
      UpdateExpression: `SET ${names.map((_, i) => `#n${i} = :v${i}`).join(', ')}`,
      ExpressionAttributeNames: Object.fromEntries(names.map((n, i) => [`#n${i}`, n])),
      ExpressionAttributeValues: Object.fromEntries(names.map((n, i) => [`:v${i}`, values[n as keyof ReportItem]])),
    }),
  );
}

/** The DrillReports document for this run: the one an earlier attempt inserted, or a new one. */
async function recordInLedger(request: PublishRequest, text: string, publishedAt: string): Promise<string> {
  await ensureLedgerTable(ledger, DRILL_REPORTS_TABLE, [DRILL_REPORTS_INDEXED_FIELD]);
  return ledger.executeLambda(async (txn) => {
    const existing = (await txn.execute(`SELECT id FROM ${DRILL_REPORTS_TABLE} AS r BY id WHERE r.${DRILL_REPORTS_INDEXED_FIELD} = ?`, request.runId)).getResultList();
    if (existing.length > 0) return existing[0].get('id')!.stringValue()!;
    const inserted = (await txn.execute(`INSERT INTO ${DRILL_REPORTS_TABLE} ?`, ledgerRecord(request, text, publishedAt))).getResultList();
    return inserted[0].get('documentId')!.stringValue()!;
  });
}
