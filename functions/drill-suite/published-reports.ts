import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { gunzipSync } from 'node:zlib';
import { REPORT_ITEM, RESULTS_PARTITION_KEY, RESULTS_SORT_KEY } from '../domain/reports/publication';
import { requiredEnv } from '../shared/env';

const resultsTable = requiredEnv('RESULTS_TABLE_NAME');
const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}));

/** The report a run published (functions/report-publisher), plain or gzipped; none if it published none. */
export async function publishedReport<R>(runId: string): Promise<R | undefined> {
  const { Item } = await documents.send(new GetCommand({ TableName: resultsTable, Key: { [RESULTS_PARTITION_KEY]: runId, [RESULTS_SORT_KEY]: REPORT_ITEM }, ConsistentRead: true }));
  if (!Item) return undefined;
  const text = typeof Item.report === 'string' ? Item.report : gunzipSync(Item.reportGzip as Uint8Array).toString('utf8');
  return JSON.parse(text) as R;
}
