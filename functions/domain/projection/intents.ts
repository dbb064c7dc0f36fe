import type { Item } from './ion-to-dynamodb';

/**
 * What projecting one stream record asks of DynamoDB, as data: the handler executes the intents of a user
 * record in order, the benchmark only counts them. Every intent is idempotent, and a failed condition
 * is the intended no-op, never an error.
 */

/** Projection table: PutItem if `attribute_not_exists(pk) OR version < :version`. */
export interface PutIfNewer {
  kind: 'put-if-newer';
  item: Item;
  version: number;
}

/**
 * Projection table: PutItem if `attribute_not_exists(pk)`. When an item is already there and it is
 * redacted, `whenRedacted` runs next (a redaction that arrived first wins over the revision's data).
 */
export interface PutIfAbsent {
  kind: 'put-if-absent';
  item: Item;
  whenRedacted?: WriteIntent[];
}

/**
 * Projection table: UpdateItem SET `set`, REMOVE `remove`; creates the item when absent unless
 * `ifVersion` is given (then only if `version = :ifVersion`).
 */
export interface Redact {
  kind: 'redact';
  key: Item;
  set: Item;
  remove: string[];
  ifVersion?: number;
}

/**
 * Projection table, the PROGRESS item: UpdateItem SET `set` and `setIfAbsent` (if_not_exists), and, for a
 * block (`blockSequenceNo`), only if the stored lastBlockSequenceNo is missing or lower: an older block
 * never moves the high-water mark back.
 */
export interface AdvanceProgress {
  kind: 'advance-progress';
  key: Item;
  set: Item;
  setIfAbsent: Item;
  blockSequenceNo?: number;
}

/** Quarantine table: PutItem if `attribute_not_exists(position)`. */
export interface Quarantine {
  kind: 'quarantine';
  item: Item;
}

export type WriteIntent = PutIfNewer | PutIfAbsent | Redact | AdvanceProgress | Quarantine;
