import { randomBytes } from 'node:crypto';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/**
 * QLDB's ids (documentId, tableId, transactionId, strandId, session-free tokens) are 128 random bits
 * written as exactly 22 base62 characters, e.g. `3Qv67yjXEwB9SjmvkuG6Cp` (docs/qldb-session.md#input-constraints).
 */
export function newQldbId(): string {
  let n = BigInt(`0x${randomBytes(16).toString('hex')}`);
  let out = '';
  for (let i = 0; i < 22; i++) {
    out = BASE62[Number(n % 62n)] + out;
    n /= 62n;
  }
  return out;
}
