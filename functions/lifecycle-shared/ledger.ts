import { QldbDriver, RetryConfig, type TransactionExecutor } from 'amazon-qldb-driver-nodejs';
import type { dom } from 'ion-js';
import { materialize, type DocumentBatch } from '../domain/lifecycle/batches';
import { ERASURE_REGISTER_TABLE, keyDigest } from '../domain/lifecycle/erasure';
import { requiredEnv } from '../shared/env';

/** The lifecycle functions' ledger access: one driver per container, its endpoint from the environment only. */

export const ledgerName = requiredEnv('LEDGER_NAME');

/** The driver retries OCC conflicts itself (4 times); the state machine retries the task past that. */
export const newDriver = () => new QldbDriver(ledgerName, {}, undefined, 10, new RetryConfig(4));

export const rows = async (txn: TransactionExecutor, statement: string, ...parameters: unknown[]): Promise<dom.Value[]> => (await txn.execute(statement, ...parameters)).getResultList();

export const text = (value: dom.Value | null | undefined): string | undefined => value?.stringValue() ?? undefined;

const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(', ');

/** A document key as the ledger holds it and the driver sends it (strings stay strings, numbers numbers). */
export type KeyValue = string | number;

/** Where a batch's documents stand: the keys committed already (with their documents' ids) and the keys erased. */
export interface BatchStanding {
  documents: Record<string, unknown>[];
  committed: Map<string, { documentId: string; blockAddress: dom.Value }>;
  erased: Set<string>;
}

/**
 * Looks a batch's keys up in the committed view and in the erasure register. Both are indexed `IN` lookups,
 * so concurrent batches, whose keys differ, do not conflict (docs/qldb-partiql.md#concurrency).
 */
export async function batchStanding(txn: TransactionExecutor, batch: DocumentBatch): Promise<BatchStanding> {
  const documents = materialize(batch);
  const keys = documents.map((d) => d[batch.key] as KeyValue);
  const found = await rows(
    txn,
    `SELECT r.data.${batch.key} AS k, r.metadata.id AS id, r.blockAddress AS blockAddress FROM _ql_committed_${batch.table} AS r WHERE r.data.${batch.key} IN (${placeholders(keys.length)})`,
    ...keys,
  );
  const committed = new Map(found.map((row) => [String(row.get('k')!.valueOf()), { documentId: text(row.get('id'))!, blockAddress: row.get('blockAddress')! }]));
  const digests = keys.map((k) => keyDigest(batch.table, batch.key, k));
  const erasedDigests = new Set((await rows(txn, `SELECT VALUE e.keyDigest FROM ${ERASURE_REGISTER_TABLE} AS e WHERE e.keyDigest IN (${placeholders(digests.length)})`, ...digests)).map((v) => text(v)!));
  const erased = new Set(keys.filter((_, i) => erasedDigests.has(digests[i]!)).map(String));
  return { documents, committed, erased };
}
