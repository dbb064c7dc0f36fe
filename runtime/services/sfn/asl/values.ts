/** Small helpers over JSON values shared by Choice, the intrinsics and JSONata's extra functions. */
import { createHash } from 'node:crypto';
import type { Json } from './host';

export function deepEqual(a: Json, b: Json): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return a.length === (b as Json[]).length && a.every((item, i) => deepEqual(item, (b as Json[])[i]!));
  const left = a as { [k: string]: Json };
  const right = b as { [k: string]: Json };
  const keys = Object.keys(left);
  return keys.length === Object.keys(right).length && keys.every((k) => Object.prototype.hasOwnProperty.call(right, k) && deepEqual(left[k]!, right[k]!));
}

/**
 * A random sequence in [0, 1) fixed by `seed`: random values (States.MathRandom, States.UUID, FULL jitter) must
 * come out the same when an execution is replayed after a restart, so they are derived from a state's stable key.
 */
export function seededRandom(seed: string): () => number {
  let n = 0;
  return () => createHash('sha256').update(`${seed}#${n++}`).digest().readUIntBE(0, 6) / 2 ** 48;
}

/** A version 4 UUID whose bits come from `random`. */
export function seededUuid(random: () => number): string {
  const bytes = Array.from({ length: 16 }, () => Math.floor(random() * 256));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
