import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { lockKey } from '../domain/drills/results-items';

/** The ledger's drill lock as functions/drill-step takes it: the run that holds it, and since when. */
export interface DrillLock {
  owner: string;
  takenAt: string;
}

/** The ledger's drill lock, if a run holds it. */
export async function heldLock(ctx: { documents: DynamoDBDocumentClient; resultsTable: string; ledgerName: string }): Promise<DrillLock | undefined> {
  const { Item } = await ctx.documents.send(new GetCommand({ TableName: ctx.resultsTable, Key: lockKey(ctx.ledgerName), ConsistentRead: true }));
  return Item?.owner ? { owner: String(Item.owner), takenAt: String(Item.takenAt ?? '') } : undefined;
}

/** The run the ledger's drill lock names, if any. */
export const lockOwner = async (ctx: Parameters<typeof heldLock>[0]) => (await heldLock(ctx))?.owner;

/**
 * Whether an event whose own time is `eventTime` can be the lock holder's: not when it happened before the lock was
 * taken (a delivery that an earlier drill failed to file, retried while this one runs). Event times are whole
 * seconds (docs/eventbridge-input.md), so the lock's time is compared to the second.
 */
export function happenedDuringLock(eventTime: string, lock: DrillLock): boolean {
  const taken = Date.parse(lock.takenAt);
  return Number.isNaN(taken) || Date.parse(eventTime) >= Math.floor(taken / 1000) * 1000;
}
