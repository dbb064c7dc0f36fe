import type { Item } from './ion-to-dynamodb';

/**
 * What became of each write of a cancelled TransactWriteItems, from its CancellationReasons (one per item,
 * in request order): https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html
 *
 * - ConditionalCheckFailed: the write's own condition failed, which for the projection is the intended
 *   no-op (a stale replay, an item already there); `existing` is the item as it was, when the request asked
 *   for it (ReturnValuesOnConditionCheckFailure ALL_OLD);
 * - None: the write was fine and was cancelled only because of a neighbour: it is sent again;
 * - TransactionConflict: another transaction or write held the item (another shard's projector): sent
 *   again, in the next wave;
 * - anything else (ThrottlingError, ProvisionedThroughputExceeded, ValidationError…): the write failed,
 *   and the Kinesis records it belongs to are reported failed and retried by the event source mapping.
 */

export interface CancellationReason {
  Code?: string;
  Message?: string;
  Item?: Item;
}

export type WriteOutcome = { kind: 'no-op'; existing?: Item } | { kind: 'again' } | { kind: 'failed'; code: string; message: string };

const SEND_AGAIN = new Set(['None', 'TransactionConflict']);

/**
 * One outcome per write. Reasons that do not match the request (missing, or not one per write) make every
 * write failed: nothing can be told apart, and the records are retried whole.
 */
export function outcomesOfCancellation(reasons: readonly CancellationReason[] | undefined, writes: number, message: string): WriteOutcome[] {
  if (!reasons || reasons.length !== writes) {
    return Array.from({ length: writes }, () => ({ kind: 'failed', code: 'TransactionCanceledException', message }));
  }
  return reasons.map((reason): WriteOutcome => {
    const code = reason.Code ?? 'None';
    if (code === 'ConditionalCheckFailed') return reason.Item ? { kind: 'no-op', existing: reason.Item } : { kind: 'no-op' };
    if (SEND_AGAIN.has(code)) return { kind: 'again' };
    return { kind: 'failed', code, message: reason.Message ?? message };
  });
}

