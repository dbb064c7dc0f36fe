import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { lockKey } from '../domain/drills/results-items';

/** The run the ledger's drill lock names, if any (functions/drill-step takes and releases it). */
export async function lockOwner(ctx: { documents: DynamoDBDocumentClient; resultsTable: string; ledgerName: string }): Promise<string | undefined> {
  const { Item } = await ctx.documents.send(new GetCommand({ TableName: ctx.resultsTable, Key: lockKey(ctx.ledgerName), ConsistentRead: true }));
  return Item?.owner ? String(Item.owner) : undefined;
}
