import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';

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
 * Reads the drill-results table (output DrillResultsTableName): partition `runId` = the execution ARN, sort
 * `item`. PROGRESS is overwritten as a run goes; REPORT is written once by the report publisher.
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
    return (await this.item(runId, 'PROGRESS')) as RunProgress | undefined;
  }

  /** The published report of a run, when the publisher has written one. */
  async report(runId: string): Promise<unknown> {
    const item = await this.item(runId, 'REPORT');
    return typeof item?.report === 'string' ? (JSON.parse(item.report) as unknown) : undefined;
  }

  destroy(): void {
    this.client.destroy();
  }

  private async item(runId: string, item: string): Promise<Record<string, unknown> | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: { runId, item }, ConsistentRead: true }));
    return Item;
  }
}
