import { IonTypes, type dom } from 'ion-js';
import { ionBinary } from '../journal/hash';
import { ledgerViewErrors } from '../session/errors';
import type { BlockAddress, LedgerView, Revision, TableInfo } from './ledger-view';
import { currentRevision, nextVersion, type CommittedState } from './committed-state';
import { indexKey } from './index-key';
import { newQldbId } from './qldb-ids';

/** QLDB's quotas (https://docs.aws.amazon.com/qldb/latest/developerguide/limits.html, docs/qldb-partiql.md#quotas). */
export const LEDGER_LIMITS = {
  documentsPerTransaction: 40,
  documentBytes: 128 * 1024,
  activeTables: 20,
  totalTables: 40,
  indexesPerTable: 5,
  redactionsPerTransaction: 1,
};

/** QLDB table names: 1–128 characters, a letter or underscore first, then letters, digits, underscores. */
const TABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;

/** A document the transaction wrote: its final data (undefined = deleted) and the version it replaces. */
export interface DocumentWrite {
  tableId: string;
  id: string;
  data: dom.Value | undefined;
  /** -1 for a document this transaction inserted. */
  baseVersion: number;
  /** Indexes of the statements that touched the document (transactionInfo.documents). */
  statements: number[];
}

export interface RedactionRequest {
  blockAddress: BlockAddress;
  tableId: string;
  documentId: string;
  version: number;
}

export interface Savepoint {
  writes: [string, DocumentWrite][];
  tableChanges: [string, TableInfo][];
  redactions: number;
}

/**
 * One open transaction: reads see the committed state plus this transaction's own writes, and every
 * read is recorded (document versions, table scans, indexed-value predicates, the catalog) so that
 * commit can tell whether anything read has changed since — optimistic concurrency control with
 * serializable outcomes, as QLDB describes it (https://docs.aws.amazon.com/qldb/latest/developerguide/concurrency.html).
 */
export class LedgerTransaction implements LedgerView {
  readonly id = newQldbId();
  readonly writes = new Map<string, DocumentWrite>();
  readonly tableChanges = new Map<string, TableInfo>();
  readonly redactions: RedactionRequest[] = [];
  private readonly documentReads = new Map<string, number>();
  private readonly scans = new Map<string, number>();
  private readonly predicates = new Map<string, { tableId: string; field: string; key: string; seen: number }>();
  private catalogSeen: number | undefined;
  /** The statement being executed, for transactionInfo.documents. */
  statementIndex = 0;

  constructor(
    private readonly committed: CommittedState,
    readonly startedAt: Date,
  ) {}

  get readOnly(): boolean {
    return this.writes.size === 0 && this.tableChanges.size === 0 && this.redactions.length === 0;
  }

  /** True when everything this transaction read is still what it saw: committing it now is serializable. */
  stillValid(): boolean {
    if (this.catalogSeen !== undefined && this.catalogSeen !== this.committed.catalogVersion) return false;
    for (const [tableId, seen] of this.scans) if (this.committed.tableCounter(tableId) !== seen) return false;
    for (const { tableId, field, key, seen } of this.predicates.values()) if (this.committed.predicateCounter(tableId, field, key) !== seen) return false;
    for (const [docKey, seen] of this.documentReads) {
      const [tableId, id] = docKey.split('/');
      const doc = this.committed.document(tableId, id);
      if ((doc ? nextVersion(doc) - 1 : -1) !== seen) return false;
    }
    return true;
  }

  /** What a failed statement must not leave behind: the writes, DDL and redactions made so far. */
  savepoint(): Savepoint {
    return {
      writes: [...this.writes].map(([key, w]) => [key, { ...w, statements: [...w.statements] }]),
      tableChanges: [...this.tableChanges],
      redactions: this.redactions.length,
    };
  }

  rollbackTo(savepoint: Savepoint): void {
    this.writes.clear();
    for (const [key, write] of savepoint.writes) this.writes.set(key, write);
    this.tableChanges.clear();
    for (const [id, table] of savepoint.tableChanges) this.tableChanges.set(id, table);
    this.redactions.length = savepoint.redactions;
  }

  // ---- catalog ----

  private readCatalog(): void {
    this.catalogSeen ??= this.committed.catalogVersion;
  }

  tableById(tableId: string): TableInfo | undefined {
    this.readCatalog();
    return this.tableChanges.get(tableId) ?? this.committed.table(tableId);
  }

  tables(): TableInfo[] {
    this.readCatalog();
    const all = new Map(this.committed.tables().map((t) => [t.tableId, t]));
    for (const [id, t] of this.tableChanges) all.set(id, t);
    return [...all.values()];
  }

  tableByName(name: string): TableInfo | undefined {
    return this.tables().find((t) => t.name === name && t.status === 'ACTIVE');
  }

  private activeTable(tableId: string): TableInfo {
    const table = this.tableById(tableId);
    if (!table || table.status !== 'ACTIVE') throw ledgerViewErrors.tableNotActive(tableId);
    return table;
  }

  // ---- reads ----

  private docKey = (tableId: string, id: string) => `${tableId}/${id}`;

  private recordRead(tableId: string, id: string): void {
    const key = this.docKey(tableId, id);
    if (this.documentReads.has(key) || this.writes.has(key)) return;
    const doc = this.committed.document(tableId, id);
    this.documentReads.set(key, doc ? nextVersion(doc) - 1 : -1);
  }

  /** The revision as this transaction sees it: its own write if any, else the committed current one. */
  private visible(tableId: string, id: string): Revision | undefined {
    const write = this.writes.get(this.docKey(tableId, id));
    if (write) return write.data === undefined ? undefined : this.pendingRevision(write);
    const doc = this.committed.document(tableId, id);
    return doc ? currentRevision(doc) : undefined;
  }

  private pendingRevision(write: DocumentWrite): Revision {
    return { tableId: write.tableId, data: write.data, metadata: { id: write.id, version: write.baseVersion + 1, txTime: this.startedAt, txId: this.id } };
  }

  document(tableId: string, documentId: string): Revision | undefined {
    this.recordRead(tableId, documentId);
    return this.visible(tableId, documentId);
  }

  *scan(tableId: string): Iterable<Revision> {
    this.activeTable(tableId);
    if (!this.scans.has(tableId)) this.scans.set(tableId, this.committed.tableCounter(tableId));
    for (const doc of this.committed.documentsOf(tableId)) {
      if (this.writes.has(this.docKey(tableId, doc.id))) continue;
      const current = currentRevision(doc);
      if (current) yield current;
    }
    for (const write of this.writes.values()) if (write.tableId === tableId && write.data !== undefined) yield this.pendingRevision(write);
  }

  *lookup(tableId: string, field: string, value: dom.Value): Iterable<Revision> {
    this.activeTable(tableId);
    const key = indexKey(value);
    const ids = this.committed.indexed(tableId, field, key);
    if (!ids) {
      // The index was created by this very transaction: nothing committed is indexed yet.
      for (const revision of this.scan(tableId)) if (matches(revision, field, key)) yield revision;
      return;
    }
    const pid = `${tableId}\u0000${field}\u0000${key}`;
    if (!this.predicates.has(pid)) this.predicates.set(pid, { tableId, field, key, seen: this.committed.predicateCounter(tableId, field, key) });
    for (const id of [...ids]) {
      if (this.writes.has(this.docKey(tableId, id))) continue;
      // The predicate counter only moves when the indexed value does; a change to any other field of a
      // document this lookup returned is caught by recording the document's version too.
      this.recordRead(tableId, id);
      const current = currentRevision(this.committed.document(tableId, id)!);
      if (current) yield current;
    }
    for (const write of this.writes.values()) {
      if (write.tableId !== tableId || write.data === undefined) continue;
      const revision = this.pendingRevision(write);
      if (matches(revision, field, key)) yield revision;
    }
  }

  *history(tableId: string): Iterable<Revision> {
    if (!this.tableById(tableId)) throw ledgerViewErrors.noSuchTableId(tableId);
    if (!this.scans.has(tableId)) this.scans.set(tableId, this.committed.tableCounter(tableId));
    for (const doc of this.committed.documentsOf(tableId)) yield* doc.revisions;
  }

  // ---- document writes ----

  private write(tableId: string, id: string, data: dom.Value | undefined, baseVersion: number): void {
    const key = this.docKey(tableId, id);
    const existing = this.writes.get(key);
    if (!existing && this.writes.size >= LEDGER_LIMITS.documentsPerTransaction) {
      throw ledgerViewErrors.documentsPerTransaction(LEDGER_LIMITS.documentsPerTransaction);
    }
    if (data !== undefined) checkDocument(data);
    const statements = existing?.statements ?? [];
    if (!statements.includes(this.statementIndex)) statements.push(this.statementIndex);
    this.writes.set(key, { tableId, id, data, baseVersion: existing?.baseVersion ?? baseVersion, statements });
  }

  insert(tableId: string, data: dom.Value): string {
    this.activeTable(tableId);
    const id = newQldbId();
    this.write(tableId, id, data, -1);
    return id;
  }

  private liveVersion(tableId: string, documentId: string): number {
    this.activeTable(tableId);
    if (!this.document(tableId, documentId)) throw ledgerViewErrors.noSuchDocument(documentId, tableId);
    return nextVersion(this.committed.document(tableId, documentId)) - 1;
  }

  update(tableId: string, documentId: string, data: dom.Value): void {
    this.write(tableId, documentId, data, this.liveVersion(tableId, documentId));
  }

  delete(tableId: string, documentId: string): void {
    this.write(tableId, documentId, undefined, this.liveVersion(tableId, documentId));
  }

  // ---- DDL ----

  private changeTable(table: TableInfo): void {
    this.readCatalog();
    this.tableChanges.set(table.tableId, table);
  }

  createTable(name: string): string {
    if (!TABLE_NAME.test(name) || name.startsWith('_ql')) {
      throw ledgerViewErrors.invalidTableName(name);
    }
    if (this.tableByName(name)) throw ledgerViewErrors.tableExists(name);
    const all = this.tables();
    if (all.filter((t) => t.status === 'ACTIVE').length >= LEDGER_LIMITS.activeTables) throw ledgerViewErrors.activeTableLimit(LEDGER_LIMITS.activeTables);
    if (all.length >= LEDGER_LIMITS.totalTables) throw ledgerViewErrors.tableLimit(LEDGER_LIMITS.totalTables);
    const tableId = newQldbId();
    this.changeTable({ tableId, name, status: 'ACTIVE', indexes: [] });
    return tableId;
  }

  dropTable(tableId: string): void {
    const table = this.activeTable(tableId);
    this.changeTable({ ...table, status: 'INACTIVE' });
  }

  undropTable(tableId: string): void {
    const table = this.tableById(tableId);
    if (!table) throw ledgerViewErrors.noSuchTableId(tableId);
    if (table.status !== 'INACTIVE') throw ledgerViewErrors.tableNotInactive(table.name, tableId);
    if (this.tableByName(table.name)) throw ledgerViewErrors.activeTableExists(table.name);
    if (this.tables().filter((t) => t.status === 'ACTIVE').length >= LEDGER_LIMITS.activeTables) throw ledgerViewErrors.activeTableLimit(LEDGER_LIMITS.activeTables);
    this.changeTable({ ...table, status: 'ACTIVE' });
  }

  createIndex(tableId: string, field: string): string {
    const table = this.activeTable(tableId);
    if (field.length === 0 || field.length > 128) throw ledgerViewErrors.invalidIndexField();
    if (table.indexes.some((i) => i.field === field)) throw ledgerViewErrors.indexExists(table.name, field);
    if (table.indexes.length >= LEDGER_LIMITS.indexesPerTable) throw ledgerViewErrors.indexLimit(LEDGER_LIMITS.indexesPerTable, table.name);
    const indexId = newQldbId();
    // QLDB builds an index on a non-empty table asynchronously; here it is ONLINE at commit (README, Known differences).
    this.changeTable({ ...table, indexes: [...table.indexes, { indexId, field, status: 'ONLINE' }] });
    return indexId;
  }

  dropIndex(tableId: string, indexId: string): void {
    const table = this.activeTable(tableId);
    if (!table.indexes.some((i) => i.indexId === indexId)) throw ledgerViewErrors.noSuchIndex(table.name, indexId);
    this.changeTable({ ...table, indexes: table.indexes.filter((i) => i.indexId !== indexId) });
  }

  // ---- redaction ----

  redactRevision(address: BlockAddress, tableId: string, documentId: string): RedactionRequest {
    if (this.redactions.length >= LEDGER_LIMITS.redactionsPerTransaction) throw ledgerViewErrors.redactionLimit();
    const table = this.tableById(tableId);
    if (!table) throw ledgerViewErrors.noSuchTableId(tableId);
    this.recordRead(tableId, documentId);
    const doc = this.committed.document(tableId, documentId);
    const index = doc?.revisions.findIndex((r) => r.blockAddress?.sequenceNo === address.sequenceNo && r.blockAddress.strandId === address.strandId) ?? -1;
    if (!doc || index < 0) throw ledgerViewErrors.noSuchRevision(documentId, address);
    // Only a superseded revision may be redacted: https://docs.aws.amazon.com/qldb/latest/developerguide/working.redaction.html
    if (index === doc.revisions.length - 1) throw ledgerViewErrors.latestRevisionNotRedactable();
    const revision = doc.revisions[index];
    if (revision.data === undefined) throw ledgerViewErrors.nothingToRedact(revision.metadata.version, documentId);
    const request = { blockAddress: address, tableId, documentId, version: revision.metadata.version };
    this.redactions.push(request);
    return request;
  }
}

function matches(revision: Revision, field: string, key: string): boolean {
  const value = revision.data?.get(field);
  return value !== undefined && value !== null && indexKey(value) === key;
}

function checkDocument(data: dom.Value): void {
  if (data.getType() !== IonTypes.STRUCT || data.isNull()) throw ledgerViewErrors.documentNotStruct();
  const size = ionBinary(data).length;
  if (size > LEDGER_LIMITS.documentBytes) throw ledgerViewErrors.documentTooLarge(size, LEDGER_LIMITS.documentBytes);
}
