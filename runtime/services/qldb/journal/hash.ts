import { createHash } from 'node:crypto';
import { cryptoHasherProvider, makeHashReader } from 'ion-hash-js';
import { type dom, makeBinaryWriter, makeReader } from 'ion-js';
import { fastIonHash, fastIonHashOfBytes } from './fast-ion-hash';

/**
 * QLDB's hash primitives (docs/qldb-journal.md#hash-primitives). Kept free of any journal or store import: the proof
 * verifier and the commit digest use them on their own.
 */

/** The empty hash: the identity of `dot` and the Merkle root of an empty list. */
export const EMPTY_HASH: Uint8Array = new Uint8Array(0);

/**
 * Encodings already made, by value: a document is encoded to check its size, then again to journal it,
 * and ion-js's writer is costly. Safe because nothing in the runtime mutates a dom.Value once built.
 */
const encodings = new WeakMap<dom.Value, Uint8Array>();

/** The Ion binary encoding of one value (BVM + local symbol table + the value). */
export function ionBinary(value: dom.Value): Uint8Array {
  let bytes = encodings.get(value);
  if (!bytes) {
    const writer = makeBinaryWriter();
    value.writeTo(writer);
    writer.close();
    bytes = writer.getBytes();
    encodings.set(value, bytes);
  }
  return bytes;
}

/** Records that `value` was decoded from `bytes`, so ionBinary answers them: a document read from the journal is served as journaled, not encoded again. */
export function decodedFrom(value: dom.Value, bytes: Uint8Array): dom.Value {
  encodings.set(value, bytes);
  return value;
}

/** The Ion binary encoding of one Ion string value. */
export function ionStringBinary(text: string): Uint8Array {
  const writer = makeBinaryWriter();
  writer.writeString(text);
  writer.close();
  return writer.getBytes();
}

/**
 * H(v): the Amazon Ion Hash (SHA-256) of one value. For bytes, the first top-level value is hashed,
 * exactly as the driver's QldbHash does with ion-hash-js, the reference implementation (docs/qldb-journal.md#hash-primitives).
 * fast-ion-hash computes the same bytes 3–15× faster (ion-hash-js re-encodes every scalar through an ion-js
 * writer); the few values it declines go to ion-hash-js, which also stays the oracle of its tests.
 */
export function ionHash(value: dom.Value | Uint8Array): Uint8Array {
  const fast = value instanceof Uint8Array ? fastIonHashOfBytes(value) : fastIonHash(value);
  return fast ?? referenceIonHash(value instanceof Uint8Array ? value : ionBinary(value));
}

/** ion-hash-js over the first top-level value of `bytes`. */
function referenceIonHash(bytes: Uint8Array): Uint8Array {
  const reader = makeHashReader(makeReader(bytes), cryptoHasherProvider('sha256'));
  // The first next() positions on the value, the second steps past it, which completes its hash.
  reader.next();
  reader.next();
  return reader.digest();
}

/** Compares as QLDB does: bytes read as signed int8, from the last byte down to the first (docs/qldb-journal.md#hash-primitives). */
function compareSigned(a: Uint8Array, b: Uint8Array): number {
  for (let i = a.length - 1; i >= 0; i--) {
    const difference = ((a[i]! << 24) >> 24) - ((b[i]! << 24) >> 24);
    if (difference !== 0) return difference;
  }
  return 0;
}

/** a ⊙ b: SHA-256 of the two hashes concatenated smaller first; an empty input yields the other (docs/qldb-journal.md#hash-primitives). */
export function dot(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  const [first, second] = compareSigned(a, b) < 0 ? [a, b] : [b, a];
  return new Uint8Array(createHash('sha256').update(first).update(second).digest());
}

/** Pairs (l, r) become l ⊙ r level by level; an odd last node is carried up unchanged (docs/qldb-journal.md#hash-primitives). */
export function merkleRoot(hashes: readonly Uint8Array[]): Uint8Array {
  if (hashes.length === 0) return EMPTY_HASH;
  let level = hashes;
  while (level.length > 1) {
    const next: Uint8Array[] = [];
    for (let i = 0; i < level.length; i += 2) next.push(i + 1 < level.length ? dot(level[i]!, level[i + 1]!) : level[i]!);
    level = next;
  }
  return level[0]!;
}

/** S = H(statement as an Ion string) ⊙ H(p₁) ⊙ … folded left, each p being the IonBinary the client sent (docs/qldb-session.md#commit-digest). */
export function statementHash(statement: string, params: readonly Uint8Array[]): Uint8Array {
  let hash = ionHash(ionStringBinary(statement));
  for (const param of params) hash = dot(hash, ionHash(param));
  return hash;
}

/**
 * The commit digest the driver sends with CommitTransaction (docs/qldb-session.md#commit-digest): T = H(txId as an Ion string), then
 * T ⊙ S for each ExecuteStatement in the order received. Folded on receipt, as the driver folds before
 * it sends, so a statement that failed still counts.
 */
export class CommitDigest {
  private digest: Uint8Array;

  constructor(transactionId: string) {
    this.digest = ionHash(ionStringBinary(transactionId));
  }

  /** Folds one statement in and returns its S, which the block journals as `statementDigest`. */
  add(statement: string, params: readonly Uint8Array[]): Uint8Array {
    const statementDigest = statementHash(statement, params);
    this.digest = dot(this.digest, statementDigest);
    return statementDigest;
  }

  get value(): Uint8Array {
    return this.digest;
  }
}

export function hashesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}
