import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { gunzipSync } from 'node:zlib';
import { PROGRESS_ITEM, REPORT_ITEM, RESULTS_PARTITION_KEY, RESULTS_SORT_KEY } from '../../functions/domain/reports/publication';

/** The PROGRESS item a running drill or lifecycle keeps up to date (the drills' contract: the results table). */
export interface RunProgress {
  step?: string;
  updatedAt?: string;
  probes?: { operations?: number; failures?: number; availabilityPercent?: number | null; p50?: number | null; p99?: number | null };
  ingest?: { committed?: number; total?: number };
  projection?: { projected?: number; total?: number };
  proofs?: { verified?: number; total?: number };
}

/**
 * Reads the drill-results table (output DrillResultsTableName; functions/domain/reports/publication.ts):
 * partition `runId` = the execution ARN, sort `item`. PROGRESS is overwritten as a run goes; REPORT is written
 * once by the report publisher, as JSON text, or gzipped when large.
 */
export class ResultsTable {
  private readonly client: DynamoDBDocumentClient;

  constructor(
    readonly tableName: string,
    client = new DynamoDBClient({}),
  ) {
    this.client = DynamoDBDocumentClient.from(client);
  }

  async progress(runId: string): Promise<RunProgress | undefined> {
    return (await this.item(runId, PROGRESS_ITEM)) as RunProgress | undefined;
  }

  /** The published report of a run, when the publisher has written one. */
  async report(runId: string): Promise<unknown> {
    const item = await this.item(runId, REPORT_ITEM);
    if (typeof item?.report === 'string') return JSON.parse(item.report) as unknown;
    if (item?.reportGzip instanceof Uint8Array) return JSON.parse(gunzipSync(item.reportGzip).toString('utf8')) as unknown;
    return undefined;
  }

  destroy(): void {
    this.client.destroy();
  }

  private async item(runId: string, item: string): Promise<Record<string, unknown> | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: { [RESULTS_PARTITION_KEY]: runId, [RESULTS_SORT_KEY]: item }, ConsistentRead: true }));
    return Item;
  }
}
