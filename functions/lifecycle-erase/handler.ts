import type { dom } from 'ion-js';
import { ERASURE_REGISTER_TABLE, keyDigest, subjectLabel, subjectValue } from '../domain/lifecycle/erasure';
import type { ErasePlan } from '../domain/lifecycle/plan';
import type { RevisionReference } from '../domain/lifecycle/proof-check';
import type { EraseResult } from '../domain/lifecycle/report';
import { newDriver, rows, text } from '../lifecycle-shared/ledger';

/**
 * Erases a subject: every document whose history holds `field = value` is deleted (its key's digest kept in the
 * erasure register, in the same transaction), then each of its revisions that still has data is redacted, one
 * per transaction as QLDB requires (docs/qldb-partiql.md#redaction). Run again, it finds nothing left to do.
 */

const driver = newDriver();

export interface EraseEvent {
  erase: ErasePlan;
  tables: string[];
  /** The key field of each ingested table, for the register. */
  keys: Record<string, string>;
}

export interface EraseOutput extends EraseResult {
  documentIds: string[];
  /** The revisions redacted: their proofs are checked again afterwards. */
  redactedRevisions: RevisionReference[];
}

interface Found {
  table: string;
  tableId: string;
  documentId: string;
}

export async function handler(event: EraseEvent): Promise<EraseOutput> {
  const value = subjectValue(event.erase);
  const field = event.erase.field;
  const found: Found[] = [];
  for (const table of event.tables) {
    await driver.executeLambda(async (txn) => {
      const [tableId] = await rows(txn, 'SELECT VALUE t.tableId FROM information_schema.user_tables AS t WHERE t.name = ?', table);
      const ids = new Set((await rows(txn, `SELECT VALUE h.metadata.id FROM history(${table}) AS h WHERE h.data.${field} = ?`, value)).map((id) => text(id)!));
      for (const documentId of ids) found.push({ table, tableId: text(tableId)!, documentId });
    });
  }
  let deleted = 0;
  for (const doc of found) if (await deleteDocument(doc, event.keys[doc.table])) deleted++;
  const redactedRevisions: RevisionReference[] = [];
  for (const doc of found) redactedRevisions.push(...(await redactEarlierRevisions(doc)));
  return { subject: subjectLabel(field, value), field, documents: found.length, deleted, redacted: redactedRevisions.length, documentIds: found.map((d) => d.documentId), redactedRevisions };
}

/** Deletes a live document and registers its key's digest; false when it was deleted already. */
async function deleteDocument(doc: Found, keyField: string | undefined): Promise<boolean> {
  return driver.executeLambda(async (txn) => {
    const [current] = await rows(txn, `SELECT * FROM _ql_committed_${doc.table} AS r WHERE r.metadata.id = ?`, doc.documentId);
    if (!current) return false;
    const keyValue = keyField ? current.get('data', keyField) : null;
    if (keyValue) await txn.execute(`INSERT INTO ${ERASURE_REGISTER_TABLE} ?`, { tableName: doc.table, keyDigest: keyDigest(doc.table, keyField!, keyValue.valueOf()), documentId: doc.documentId });
    await txn.execute(`DELETE FROM ${doc.table} AS t BY id WHERE id = ?`, doc.documentId);
    return true;
  });
}

/** Redacts every revision of the document that still has data; the deletion made them all superseded. */
async function redactEarlierRevisions(doc: Found): Promise<RevisionReference[]> {
  const revisions = (await driver.executeLambda((txn) => rows(txn, `SELECT * FROM history(${doc.table}) AS h WHERE h.metadata.id = ?`, doc.documentId))).sort(
    (a, b) => a.get('metadata', 'version')!.numberValue()! - b.get('metadata', 'version')!.numberValue()!,
  );
  const withData = revisions.filter((r, i) => r.get('data') && i < revisions.length - 1);
  const redacted: RevisionReference[] = [];
  for (const revision of withData) {
    const blockAddress = revision.get('blockAddress') as dom.Value;
    await driver.executeLambda((txn) => txn.execute(`EXEC REDACT_REVISION ?, '${doc.tableId}', '${doc.documentId}'`, blockAddress));
    redacted.push({ documentId: doc.documentId, blockAddress: { strandId: text(blockAddress.get('strandId'))!, sequenceNo: blockAddress.get('sequenceNo')!.numberValue()! } });
  }
  return redacted;
}
