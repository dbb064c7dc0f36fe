import type { Revision, TableInfo } from './ledger-view';
import { indexKey } from './index-key';

/** Every committed revision of one document, oldest first. */
export interface DocumentRecord {
  tableId: string;
  id: string;
  revisions: Revision[];
}

/**
 * The document's live revision: the latest one, unless that is a delete (no data). Presence is tested with
 * `in`, so a revision whose data is still encoded in the journal is not decoded just to ask.
 */
export const currentRevision = (doc: DocumentRecord): Revision | undefined => {
  const last = doc.revisions[doc.revisions.length - 1];
  return last && 'data' in last ? last : undefined;
};

/** The version a new revision of the document gets (QLDB numbers them from 0). */
export const nextVersion = (doc: DocumentRecord | undefined): number => (doc ? doc.revisions[doc.revisions.length - 1].metadata.version + 1 : 0);

const predicateId = (tableId: string, field: string, key: string) => `${tableId}\u0000${field}\u0000${key}`;

/**
 * The ledger's committed state, rebuilt from the journal at start-up: the catalog, every document's
 * revisions, and equality indexes. It also keeps the change counters that optimistic concurrency
 * control validates against: one per table (scans), one per indexed value (predicate reads), one for
 * the catalog. A transaction that read a counter which has since moved did not run serializably.
 */
export class CommittedState {
  private readonly tableInfo = new Map<string, TableInfo>();
  private readonly documents = new Map<string, Map<string, DocumentRecord>>();
  /** tableId → field → index key → ids of live documents with that value. */
  private readonly indexes = new Map<string, Map<string, Map<string, Set<string>>>>();
  private readonly tableCounters = new Map<string, number>();
  private readonly predicateCounters = new Map<string, number>();
  private catalog = 0;

  get catalogVersion(): number {
    return this.catalog;
  }

  tableCounter(tableId: string): number {
    return this.tableCounters.get(tableId) ?? 0;
  }

  predicateCounter(tableId: string, field: string, key: string): number {
    return this.predicateCounters.get(predicateId(tableId, field, key)) ?? 0;
  }

  table(tableId: string): TableInfo | undefined {
    return this.tableInfo.get(tableId);
  }

  tables(): TableInfo[] {
    return [...this.tableInfo.values()];
  }

  document(tableId: string, documentId: string): DocumentRecord | undefined {
    return this.documents.get(tableId)?.get(documentId);
  }

  documentsOf(tableId: string): Iterable<DocumentRecord> {
    return this.documents.get(tableId)?.values() ?? [];
  }

  /** Ids of live documents whose indexed `field` has `key`, or undefined when the field is not indexed. */
  indexed(tableId: string, field: string, key: string): ReadonlySet<string> | undefined {
    const index = this.indexes.get(tableId)?.get(field);
    return index ? (index.get(key) ?? new Set()) : undefined;
  }

  /** Installs a table's catalog entry (created, dropped, undropped, indexes changed) and (re)builds its indexes. */
  putTable(info: TableInfo): void {
    this.tableInfo.set(info.tableId, info);
    this.catalog++;
    const byField = this.indexes.get(info.tableId) ?? new Map<string, Map<string, Set<string>>>();
    const wanted = new Set(info.indexes.map((i) => i.field));
    for (const field of byField.keys()) if (!wanted.has(field)) byField.delete(field);
    for (const field of wanted) {
      if (byField.has(field)) continue;
      const index = new Map<string, Set<string>>();
      for (const doc of this.documentsOf(info.tableId)) {
        const value = currentRevision(doc)?.data?.get(field);
        if (value) addTo(index, indexKey(value), doc.id);
      }
      byField.set(field, index);
    }
    this.indexes.set(info.tableId, byField);
  }

  /** Appends a committed revision and moves the indexes and the OCC counters with it. */
  addRevision(revision: Revision): void {
    const { tableId } = revision;
    const docs = this.documents.get(tableId) ?? new Map<string, DocumentRecord>();
    this.documents.set(tableId, docs);
    const id = revision.metadata.id;
    const doc = docs.get(id) ?? { tableId, id, revisions: [] };
    docs.set(id, doc);
    const previous = currentRevision(doc);
    doc.revisions.push(revision);
    this.tableCounters.set(tableId, this.tableCounter(tableId) + 1);
    for (const [field, index] of this.indexes.get(tableId) ?? []) {
      const oldValue = previous?.data?.get(field);
      const newValue = revision.data?.get(field);
      const oldKey = oldValue ? indexKey(oldValue) : undefined;
      const newKey = newValue ? indexKey(newValue) : undefined;
      if (oldKey === newKey) continue;
      for (const [key, change] of [
        [oldKey, (set: Set<string>) => set.delete(id)],
        [newKey, (set: Set<string>) => set.add(id)],
      ] as const) {
        if (key === undefined) continue;
        const set = index.get(key) ?? new Set<string>();
        change(set);
        if (set.size === 0) index.delete(key);
        else index.set(key, set);
        const pid = predicateId(tableId, field, key);
        this.predicateCounters.set(pid, (this.predicateCounters.get(pid) ?? 0) + 1);
      }
    }
  }

  /** Replaces a revision's data by its hash, as a committed redaction does. */
  redact(tableId: string, documentId: string, version: number, dataHash: Uint8Array): void {
    const revision = this.document(tableId, documentId)?.revisions.find((r) => r.metadata.version === version);
    if (!revision) return;
    delete revision.data;
    revision.dataHash = dataHash;
  }
}

function addTo(index: Map<string, Set<string>>, key: string, id: string): void {
  const set = index.get(key) ?? new Set<string>();
  set.add(id);
  index.set(key, set);
}
