import { createHash } from 'node:crypto';

/**
 * An id derived from what identifies a change, so every publisher that sees the same change (overlapping
 * runs, a replayed batch, a retry after a restart) computes the same one, and consumers can deduplicate on it.
 */
export function stableId(...parts: ReadonlyArray<string | number | null | undefined>): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 32);
}
