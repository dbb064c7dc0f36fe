import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, paginateQuery, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import {
  CURRENT_SORT_KEY,
  documentPartitionKey,
  HISTORY_SORT_PREFIX,
  INDEX_KEY_ATTRIBUTE,
  indexKeyOf,
  LIVE_TABLE_ATTRIBUTE,
  PARTITION_KEY,
  PROGRESS_PARTITION_KEY,
  PROJECTION_INDEXES,
  SORT_KEY,
} from '../functions/domain/projection/schema';

/**
 * The queries users run against the projection, with @aws-sdk/lib-dynamodb exactly as README shows them.
 * Numbers come back wrapped (NumberValue) so integers beyond 2^53 and decimals keep every digit.
 */
export class ProjectionQueries {
  private readonly client: DynamoDBDocumentClient;

  constructor(
    private readonly tableName: string,
    client = new DynamoDBClient({}),
  ) {
    this.client = DynamoDBDocumentClient.from(client, { unmarshallOptions: { wrapNumbers: true } });
  }

  /** The current revision of a document of a ledger table, if it exists and was not deleted. */
  async document(ledgerTable: string, documentId: string): Promise<Record<string, unknown> | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { [PARTITION_KEY]: documentPartitionKey(documentId), [SORT_KEY]: CURRENT_SORT_KEY } }),
    );
    return Item && Item.tableName === ledgerTable && !Item.deleted ? Item : undefined;
  }

  /** Every revision of a document, oldest first (deletes and redactions included). */
  async history(ledgerTable: string, documentId: string): Promise<Record<string, unknown>[]> {
    const revisions = await this.all({
      TableName: this.tableName,
      KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :history)',
      ExpressionAttributeNames: { '#pk': PARTITION_KEY, '#sk': SORT_KEY },
      ExpressionAttributeValues: { ':pk': documentPartitionKey(documentId), ':history': HISTORY_SORT_PREFIX },
    });
    return revisions.filter((revision) => revision.tableName === ledgerTable);
  }

  /** Every current (live) document of a ledger table, by document id. */
  tableDocuments(ledgerTable: string): Promise<Record<string, unknown>[]> {
    return this.all({
      TableName: this.tableName,
      IndexName: PROJECTION_INDEXES.byTable,
      KeyConditionExpression: '#table = :table',
      ExpressionAttributeNames: { '#table': LIVE_TABLE_ATTRIBUTE },
      ExpressionAttributeValues: { ':table': ledgerTable },
    });
  }

  /** Current documents whose indexed attribute (INDEXED_ATTRIBUTES of the projector) has this value. */
  byIndexedValue(ledgerTable: string, attribute: string, value: string): Promise<Record<string, unknown>[]> {
    return this.all({
      TableName: this.tableName,
      IndexName: PROJECTION_INDEXES.byIndexedValue,
      KeyConditionExpression: '#key = :key',
      ExpressionAttributeNames: { '#key': INDEX_KEY_ATTRIBUTE },
      ExpressionAttributeValues: { ':key': indexKeyOf(ledgerTable, attribute, value) },
    });
  }

  /** How far the projection has got: the last block projected, its commit time and the lag. */
  async progress(ledgerName: string): Promise<Record<string, unknown> | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { [PARTITION_KEY]: PROGRESS_PARTITION_KEY, [SORT_KEY]: ledgerName } }),
    );
    return Item;
  }

  destroy(): void {
    this.client.destroy();
  }

  private async all(input: QueryCommandInput): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    for await (const page of paginateQuery({ client: this.client }, input)) items.push(...(page.Items ?? []));
    return items;
  }
}
