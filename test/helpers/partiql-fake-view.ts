import { ServiceError } from '../../runtime/core/errors';
import type { BlockAddress, LedgerView, Revision, TableInfo } from '../../runtime/services/qldb/ledger/ledger-view';
import { dumpText, type dom } from 'ion-js';
import type { Cooperative } from '../../runtime/services/qldb/partiql';

/**
 * An in-memory test double of the ledger engine's LedgerView contract: tables, documents with every
 * revision, and a log of how each statement read storage (so tests can tell an index lookup from a scan).
 */
export class FakeLedgerView implements LedgerView {
  readonly calls: string[] = [];
  private readonly tableList: TableInfo[] = [];
  /** documentId → revisions, oldest first. */
  private readonly documents = new Map<string, Revision[]>();
  private nextId = 1;
  private sequenceNo = 0;
  now = new Date('2024-01-01T00:00:00.000Z');
  redactions: { address: BlockAddress; tableId: string; documentId: string }[] = [];

  private id(prefix: string): string {
    return `${prefix}${this.nextId++}`;
  }

  tableByName(name: string): TableInfo | undefined {
    return this.tableList.find((t) => t.name === name && t.status === 'ACTIVE');
  }

  tableById(tableId: string): TableInfo | undefined {
    return this.tableList.find((t) => t.tableId === tableId);
  }

  tables(): TableInfo[] {
    this.calls.push('tables');
    return this.tableList;
  }

  private current(tableId: string): Revision[] {
    return [...this.documents.values()].map((revisions) => revisions[revisions.length - 1]).filter((r) => r.tableId === tableId && r.data !== undefined);
  }

  scan(tableId: string): Iterable<Revision> {
    this.calls.push(`scan:${tableId}`);
    return this.current(tableId);
  }

  lookup(tableId: string, field: string, value: dom.Value): Iterable<Revision> {
    this.calls.push(`lookup:${tableId}:${field}:${dumpText(value)}`);
    if (!this.tableById(tableId)?.indexes.some((i) => i.field === field)) throw new Error(`lookup on unindexed field ${field}`);
    return this.current(tableId).filter((r) => {
      const fieldValue = r.data!.get(field);
      return fieldValue !== null && fieldValue.ionEquals(value, { ignoreAnnotations: true });
    });
  }

  document(tableId: string, documentId: string): Revision | undefined {
    this.calls.push(`document:${tableId}:${documentId}`);
    return this.current(tableId).find((r) => r.metadata.id === documentId);
  }

  history(tableId: string): Iterable<Revision> {
    this.calls.push(`history:${tableId}`);
    return [...this.documents.values()].flat().filter((r) => r.tableId === tableId && r.blockAddress !== undefined);
  }

  private write(tableId: string, documentId: string, data: dom.Value | undefined): void {
    const revisions = this.documents.get(documentId) ?? [];
    revisions.push({ tableId, data, metadata: { id: documentId, version: revisions.length, txTime: this.now, txId: 'tx1' } });
    this.documents.set(documentId, revisions);
  }

  insert(tableId: string, data: dom.Value): string {
    this.calls.push(`insert:${tableId}`);
    const documentId = this.id('doc');
    this.write(tableId, documentId, data);
    return documentId;
  }

  update(tableId: string, documentId: string, data: dom.Value): void {
    this.calls.push(`update:${tableId}:${documentId}`);
    this.write(tableId, documentId, data);
  }

  delete(tableId: string, documentId: string): void {
    this.calls.push(`delete:${tableId}:${documentId}`);
    this.write(tableId, documentId, undefined);
  }

  /** Gives every pending revision a block address and hash, as a commit would, and advances the clock. */
  commit(at: Date): void {
    this.sequenceNo++;
    for (const revisions of this.documents.values()) {
      for (const r of revisions) {
        if (r.blockAddress) continue;
        r.blockAddress = { strandId: 'strand1', sequenceNo: this.sequenceNo };
        r.hash = new Uint8Array([this.sequenceNo, r.metadata.version]);
        r.metadata.txTime = at;
      }
    }
  }

  /** The latest revision of a document, for assertions. */
  latest(documentId: string): Revision | undefined {
    const revisions = this.documents.get(documentId);
    return revisions?.[revisions.length - 1];
  }

  createTable(name: string): string {
    if (this.tableByName(name)) throw new ServiceError('BadRequestException', `Table ${name} already exists`);
    const tableId = this.id('tbl');
    this.tableList.push({ tableId, name, status: 'ACTIVE', indexes: [] });
    return tableId;
  }

  dropTable(tableId: string): void {
    this.tableById(tableId)!.status = 'INACTIVE';
  }

  undropTable(tableId: string): void {
    const table = this.tableById(tableId);
    if (!table || table.status !== 'INACTIVE') throw new ServiceError('BadRequestException', `Table ${tableId} is not inactive`);
    table.status = 'ACTIVE';
  }

  createIndex(tableId: string, field: string): string {
    const indexId = this.id('idx');
    this.tableById(tableId)!.indexes.push({ indexId, field, status: 'ONLINE' });
    return indexId;
  }

  dropIndex(tableId: string, indexId: string): void {
    const table = this.tableById(tableId)!;
    table.indexes = table.indexes.filter((i) => i.indexId !== indexId);
  }

  redactRevision(address: BlockAddress, tableId: string, documentId: string) {
    this.redactions.push({ address, tableId, documentId });
    return { blockAddress: address, tableId, documentId, version: 0 };
  }
}

/** Runs a statement's evaluation to its end, straight through its pauses: a unit test has no other clients to let in. */
export function runAtOnce<T>(evaluation: Cooperative<T>): T {
  for (;;) {
    const step = evaluation.next();
    if (step.done) return step.value;
  }
}
