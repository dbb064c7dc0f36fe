import { licenceRecord } from './licence-records';

/**
 * Documents in batches of at most 40, the documents QLDB lets one transaction write
 * (https://docs.aws.amazon.com/qldb/latest/developerguide/limits.html#limits.fixed). A generated batch is a
 * range of record indexes (start, start+step, …), so it is the same batch on every run.
 */

export type DocumentSource =
  | { kind: 'generated'; table: string; key: string; seed: string; count: number }
  | { kind: 'inline'; table: string; key: string; documents: Record<string, unknown>[] };

export interface DocumentBatch {
  table: string;
  /** The field identifying a document: a re-run skips the keys the ledger holds (or erased). */
  key: string;
  generate?: { seed: string; start: number; count: number; step: number };
  documents?: Record<string, unknown>[];
}

export const MAX_DOCUMENTS_PER_TRANSACTION = 40;

export const documentsIn = (batch: DocumentBatch) => (batch.generate ? batch.generate.count : batch.documents!.length);

/** Every document of the source, in batches of `size`. */
export function ingestBatches(source: DocumentSource, size: number): DocumentBatch[] {
  return selectionBatches(source, size, 1, sourceCount(source));
}

/**
 * The documents whose proofs are checked: all of them, or `sample` spread evenly over the source (every
 * ⌊count/sample⌋-th, from the first).
 */
export function auditBatches(source: DocumentSource, size: number, sample?: number): DocumentBatch[] {
  const count = sourceCount(source);
  if (sample === undefined || sample >= count) return selectionBatches(source, size, 1, count);
  return selectionBatches(source, size, Math.floor(count / sample), sample);
}

/** The documents a batch names, in order. */
export function materialize(batch: DocumentBatch): Record<string, unknown>[] {
  if (batch.documents) return batch.documents;
  const { seed, start, count, step } = batch.generate!;
  return Array.from({ length: count }, (_, i) => licenceRecord(seed, start + i * step) as unknown as Record<string, unknown>);
}

const sourceCount = (source: DocumentSource) => (source.kind === 'generated' ? source.count : source.documents.length);

/** `total` documents, every `step`-th from the first, in batches of `size`. */
function selectionBatches(source: DocumentSource, size: number, step: number, total: number): DocumentBatch[] {
  if (!Number.isInteger(size) || size < 1 || size > MAX_DOCUMENTS_PER_TRANSACTION) throw new RangeError(`a batch holds 1 to ${MAX_DOCUMENTS_PER_TRANSACTION} documents, got ${size}`);
  const batches: DocumentBatch[] = [];
  for (let first = 0; first < total; first += size) {
    const count = Math.min(size, total - first);
    const base = { table: source.table, key: source.key };
    if (source.kind === 'generated') batches.push({ ...base, generate: { seed: source.seed, start: 1 + first * step, count, step } });
    else batches.push({ ...base, documents: Array.from({ length: count }, (_, i) => source.documents[(first + i) * step]!) });
  }
  return batches;
}
