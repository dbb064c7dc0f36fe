import { DescribeExecutionCommand } from '@aws-sdk/client-sfn';
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ITEMS, lockKey } from '../domain/drills/results-items';
import type { DrillContext } from './context';
import { DrillLockHeldError } from './errors';

const isConditionFailure = (e: unknown) => (e as Error)?.name === 'ConditionalCheckFailedException';

export async function getItem(ctx: DrillContext, runId: string, item: string): Promise<Record<string, unknown> | undefined> {
  return (await ctx.documents.send(new GetCommand({ TableName: ctx.resultsTable, Key: { runId, item }, ConsistentRead: true }))).Item;
}

/** Writes the item unless it exists: a retried step never overwrites what its first attempt recorded. */
export async function putOnce(ctx: DrillContext, item: Record<string, unknown>): Promise<void> {
  try {
    await ctx.documents.send(new PutCommand({ TableName: ctx.resultsTable, Item: item, ConditionExpression: 'attribute_not_exists(runId)' }));
  } catch (e) {
    if (!isConditionFailure(e)) throw e;
  }
}

export async function putItem(ctx: DrillContext, item: Record<string, unknown>): Promise<void> {
  await ctx.documents.send(new PutCommand({ TableName: ctx.resultsTable, Item: item }));
}

/** Sets attributes of an item, creating it (SET only where the attribute is absent when `keep` is set). */
export async function setAttributes(ctx: DrillContext, runId: string, item: string, values: Record<string, unknown>, keep = false): Promise<void> {
  const names = Object.keys(values);
  await ctx.documents.send(
    new UpdateCommand({
      TableName: ctx.resultsTable,
      Key: { runId, item },
      UpdateExpression: `SET ${names.map((_n, i) => (keep ? `#a${i} = if_not_exists(#a${i}, :v${i})` : `#a${i} = :v${i}`)).join(', ')}`,
      ExpressionAttributeNames: Object.fromEntries(names.map((n, i) => [`#a${i}`, n])),
      ExpressionAttributeValues: Object.fromEntries(names.map((n, i) => [`:v${i}`, values[n]])),
    }),
  );
}

/** The run's items whose sort key lies in [from, to] (all of them by default), every page. */
export async function queryRun(ctx: DrillContext, runId: string, range?: { from: string; to: string }): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await ctx.documents.send(
      new QueryCommand({
        TableName: ctx.resultsTable,
        KeyConditionExpression: range ? 'runId = :r AND #item BETWEEN :from AND :to' : 'runId = :r',
        ExpressionAttributeValues: { ':r': runId, ...(range ? { ':from': range.from, ':to': range.to } : {}) },
        ...(range ? { ExpressionAttributeNames: { '#item': 'item' } } : {}),
        ConsistentRead: true,
        ExclusiveStartKey,
      }),
    );
    items.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
}

/** PROGRESS (the contract's item): the step in words, keeping the probe's figures the probe writes. */
export async function progress(ctx: DrillContext, runId: string, step: string): Promise<void> {
  await setAttributes(ctx, runId, ITEMS.progress, { step, updatedAt: new Date().toISOString() });
}

/**
 * Takes the ledger's drill lock for `runId` with a conditional write. A lock whose execution is no longer
 * RUNNING (it was stopped and its rollback never released the lock) is taken over; a live one refuses the drill.
 */
export async function takeLock(ctx: DrillContext, runId: string, scenario: string): Promise<void> {
  const Key = lockKey(ctx.ledgerName);
  const item = { ...Key, owner: runId, scenario, takenAt: new Date().toISOString() };
  try {
    await ctx.documents.send(new PutCommand({ TableName: ctx.resultsTable, Item: item, ConditionExpression: 'attribute_not_exists(runId) OR #owner = :me', ExpressionAttributeNames: { '#owner': 'owner' }, ExpressionAttributeValues: { ':me': runId } }));
    return;
  } catch (e) {
    if (!isConditionFailure(e)) throw e;
  }
  const held = await getItem(ctx, Key.runId, Key.item);
  const owner = String(held?.owner ?? '');
  if (owner) {
    const status = await ctx.sfn
      .send(new DescribeExecutionCommand({ executionArn: owner }))
      .then((d) => d.status)
      .catch((e: Error) => (e.name === 'ExecutionDoesNotExist' ? 'GONE' : Promise.reject(e)));
    if (status === 'RUNNING') throw new DrillLockHeldError(`the ledger ${ctx.ledgerName} is locked by the running drill ${owner} (${String(held?.scenario)}, since ${String(held?.takenAt)})`);
  }
  try {
    await ctx.documents.send(new PutCommand({ TableName: ctx.resultsTable, Item: item, ConditionExpression: 'attribute_not_exists(runId) OR #owner = :stale', ExpressionAttributeNames: { '#owner': 'owner' }, ExpressionAttributeValues: { ':stale': owner } }));
  } catch (e) {
    if (isConditionFailure(e)) throw new DrillLockHeldError(`the ledger ${ctx.ledgerName} was locked by another drill while this one took over a stale lock`);
    throw e;
  }
}

/** Releases the lock only if `runId` holds it: a refused drill never frees the drill that refused it. */
export async function releaseLock(ctx: DrillContext, runId: string): Promise<void> {
  try {
    await ctx.documents.send(new DeleteCommand({ TableName: ctx.resultsTable, Key: lockKey(ctx.ledgerName), ConditionExpression: '#owner = :me', ExpressionAttributeNames: { '#owner': 'owner' }, ExpressionAttributeValues: { ':me': runId } }));
  } catch (e) {
    if (!isConditionFailure(e)) throw e;
  }
}
