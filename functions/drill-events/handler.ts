import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { EventBridgeEvent } from 'aws-lambda';
import { ITEMS, timedItem } from '../domain/drills/results-items';
import { requiredEnv } from '../shared/env';
import { happenedDuringLock, heldLock } from '../shared/drill-lock';

/**
 * Files the events a drill watches (keydrill's alerts, KMS's "KMS CMK Rotation") under the running drill, which
 * the ledger's drill lock names; with no drill running, or for an event from before it began, there is nothing to
 * file them under. `at` is when the event reached the drill (what time to detect measures); the event's own time
 * stays in its detail's envelope.
 */

const ctx = { documents: DynamoDBDocumentClient.from(new DynamoDBClient({})), resultsTable: requiredEnv('RESULTS_TABLE_NAME'), ledgerName: requiredEnv('LEDGER_NAME') };

export async function handler(event: EventBridgeEvent<string, Record<string, unknown>>): Promise<{ filed: boolean }> {
  const lock = await heldLock(ctx);
  if (!lock || !happenedDuringLock(event.time, lock)) return { filed: false };
  const runId = lock.owner;
  const at = new Date().toISOString();
  const observed = { at, detailType: event['detail-type'], detail: { ...event.detail, eventTime: event.time, source: event.source } };
  // Keyed by the event's own time and id, written only once: a redelivered event is filed once, at its first arrival.
  try {
    await ctx.documents.send(
      new PutCommand({ TableName: ctx.resultsTable, Item: { runId, item: timedItem(ITEMS.eventPrefix, event.time, event.id), event: JSON.stringify(observed) }, ConditionExpression: 'attribute_not_exists(runId)' }),
    );
  } catch (e) {
    if ((e as Error).name !== 'ConditionalCheckFailedException') throw e;
  }
  return { filed: true };
}
