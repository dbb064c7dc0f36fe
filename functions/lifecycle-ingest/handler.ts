import type { DocumentBatch } from '../domain/lifecycle/batches';
import type { IngestBatchResult } from '../domain/lifecycle/report';
import { batchStanding, newDriver } from '../lifecycle-shared/ledger';

/**
 * Ingests one batch in one transaction: the documents whose key the ledger holds, or erased, are skipped, the
 * rest inserted with one INSERT. Run again, the same batch inserts nothing.
 */

const driver = newDriver();

export async function handler(event: { batch: DocumentBatch }): Promise<IngestBatchResult> {
  const { batch } = event;
  return driver.executeLambda(async (txn) => {
    const standing = await batchStanding(txn, batch);
    const missing = standing.documents.filter((d) => {
      const key = String(d[batch.key]);
      return !standing.committed.has(key) && !standing.erased.has(key);
    });
    if (missing.length) await txn.execute(`INSERT INTO ${batch.table} ?`, missing);
    return { table: batch.table, committed: missing.length, skipped: standing.documents.length - missing.length };
  });
}
