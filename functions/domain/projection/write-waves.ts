import type { Item } from './ion-to-dynamodb';
import type { PutIfAbsent, PutIfNewer, Quarantine, Redact, WriteIntent } from './intents';
import { itemSize } from './item-size';
import { PARTITION_KEY, QUARANTINE_KEY, SORT_KEY } from './schema';

/**
 * How the projector turns the write intents of a whole batch into DynamoDB transactions
 * (docs/projection-throughput.md). Each user record's intents form a sequence that must run in order (the
 * redaction protocol in plan-writes.ts); different user records commute. A *wave* takes the next intent of
 * every sequence and packs them into TransactWriteItems requests:
 *
 * - TransactWriteItems refuses two operations on one item, so a wave writes each item at most once, and the
 *   transactions of one wave can run side by side without conflicting with each other;
 * - the put-if-newer writes of one current item coalesce into the newest version's: every one of them is
 *   conditional on `version < :version`, so the item ends at the highest version whichever of them run,
 *   and the others would be no-ops or be overwritten — tombstones and redactions included, since those
 *   are versions (or version-conditional) too;
 * - any other write to an item already taken in the wave waits for the next wave, still at the head of its
 *   sequence.
 *
 * A transaction is equivalent to its writes done one by one at one instant: writes to different items do not
 * interact, and a cancelled transaction's writes are sorted by their CancellationReasons
 * (cancellation-reasons.ts), so a stale replay is a no-op and never fails its neighbours.
 */

/** The writes a transaction can carry: progress is written once per invocation, outside (ProgressAccumulator). */
export type TransactableIntent = PutIfNewer | PutIfAbsent | Redact | Quarantine;

/** TransactWriteItems' limits: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html */
export const MAX_TRANSACTION_ITEMS = 100;
export const MAX_TRANSACTION_BYTES = 4 * 1024 * 1024;

export interface TransactionLimits {
  items: number;
  bytes: number;
}

export const TRANSACTION_LIMITS: TransactionLimits = { items: MAX_TRANSACTION_ITEMS, bytes: MAX_TRANSACTION_BYTES };

/** The next intent of sequence `owner`. */
export interface HeadWrite {
  owner: number;
  intent: TransactableIntent;
}

/** One write of a transaction, on behalf of every sequence whose head it is (more than one once coalesced). */
export interface PlannedWrite {
  intent: TransactableIntent;
  owners: number[];
}

export interface Wave {
  transactions: PlannedWrite[][];
  /** Heads whose item another write of this wave already takes. */
  deferred: HeadWrite[];
}

export const isTransactable = (intent: WriteIntent): intent is TransactableIntent => intent.kind !== 'advance-progress';

const keyText = (key: Item) => `${key[PARTITION_KEY] && 'S' in key[PARTITION_KEY] ? key[PARTITION_KEY].S : ''}\u0000${key[SORT_KEY] && 'S' in key[SORT_KEY] ? key[SORT_KEY].S : ''}`;

/** The item a write targets, as one string: its table and its key. */
export function writeTarget(intent: TransactableIntent): string {
  switch (intent.kind) {
    case 'quarantine': {
      const position = intent.item[QUARANTINE_KEY];
      return `quarantine\u0000${position && 'S' in position ? position.S : ''}`;
    }
    case 'redact':
      return `projection\u0000${keyText(intent.key)}`;
    default:
      return `projection\u0000${keyText(intent.item)}`;
  }
}

/** What the write adds to the transaction's aggregate size (the item, or the key and the attributes set). */
export function writeBytes(intent: TransactableIntent): number {
  return intent.kind === 'redact' ? itemSize({ ...intent.key, ...intent.set }) : itemSize(intent.item);
}

/** Plans one wave over the heads of the sequences (in order: the first head to claim an item keeps it). */
export function planWave(heads: readonly HeadWrite[], limits: TransactionLimits = TRANSACTION_LIMITS): Wave {
  const claimed = new Map<string, PlannedWrite>();
  const writes: PlannedWrite[] = [];
  const deferred: HeadWrite[] = [];
  for (const head of heads) {
    const target = writeTarget(head.intent);
    const taken = claimed.get(target);
    if (!taken) {
      const write = { intent: head.intent, owners: [head.owner] };
      claimed.set(target, write);
      writes.push(write);
    } else if (taken.intent.kind === 'put-if-newer' && head.intent.kind === 'put-if-newer') {
      taken.owners.push(head.owner);
      if (head.intent.version > taken.intent.version) taken.intent = head.intent;
    } else {
      deferred.push(head);
    }
  }
  return { transactions: pack(writes, limits), deferred };
}

/** Consecutive writes into transactions of at most `limits.items` writes and `limits.bytes` bytes (a lone bigger write goes alone). */
function pack(writes: readonly PlannedWrite[], limits: TransactionLimits): PlannedWrite[][] {
  const transactions: PlannedWrite[][] = [];
  let current: PlannedWrite[] = [];
  let bytes = 0;
  for (const write of writes) {
    const size = writeBytes(write.intent);
    if (current.length > 0 && (current.length >= limits.items || bytes + size > limits.bytes)) {
      transactions.push(current);
      current = [];
      bytes = 0;
    }
    current.push(write);
    bytes += size;
  }
  if (current.length > 0) transactions.push(current);
  return transactions;
}
