import type { dom } from 'ion-js';

/**
 * The contract between the PartiQL evaluator (partiql/), the ledger engine (ledger/) and the journal
 * (journal/). Document data is always an ion-js `dom.Value`, never a JS object: QLDB's hashes are Ion
 * hashes, so Ion types (int vs decimal vs float, string vs symbol, timestamp precision) must survive
 * every step exactly.
 */

/** Where a revision lives in the journal. QLDB has one strand per ledger. */
export interface BlockAddress {
  strandId: string;
  sequenceNo: number;
}

export type IndexStatus = 'BUILDING' | 'ONLINE' | 'FAILED' | 'DELETING';

export interface IndexInfo {
  indexId: string;
  /** The one top-level field the index covers (QLDB shows it as `expr: "[field]"`). */
  field: string;
  status: IndexStatus;
}

export interface TableInfo {
  tableId: string;
  name: string;
  status: 'ACTIVE' | 'INACTIVE';
  indexes: IndexInfo[];
}

export interface RevisionMetadata {
  id: string;
  version: number;
  txTime: Date;
  txId: string;
}

/** A document revision as the committed view and history() show it. */
export interface Revision {
  tableId: string;
  /** Undefined for a revision written by the transaction that is still open. */
  blockAddress?: BlockAddress;
  /** Undefined for a revision written by the transaction that is still open. */
  hash?: Uint8Array;
  /** Absent for a delete revision and for a redacted one. */
  data?: dom.Value;
  /** Present (instead of data) once the revision has been redacted. */
  dataHash?: Uint8Array;
  metadata: RevisionMetadata;
}

/**
 * What a statement may read and write, as the open transaction sees it (its own writes included).
 * The engine implements it and records every read for optimistic concurrency control; the evaluator
 * never touches storage any other way. Methods throw BadRequestException (`ledgerViewErrors` in
 * session/errors.ts) for semantic errors (no such table, limits), which the evaluator lets propagate.
 */
export interface LedgerView {
  /** The ACTIVE table with this (case-sensitive) name. */
  tableByName(name: string): TableInfo | undefined;
  /** A table by id, ACTIVE or INACTIVE. */
  tableById(tableId: string): TableInfo | undefined;
  /** Every table, ACTIVE and INACTIVE (information_schema.user_tables). */
  tables(): TableInfo[];

  /** The current (latest, not deleted) revision of every document of the table. Records a scan. */
  scan(tableId: string): Iterable<Revision>;
  /**
   * Current revisions whose top-level `field` equals `value` (whole-value Ion equality). Only called
   * when `field` is indexed on the table; records a predicate read, so a concurrent insert of a
   * matching document is an OCC conflict.
   */
  lookup(tableId: string, field: string, value: dom.Value): Iterable<Revision>;
  /** The current revision of one document, or undefined if it does not exist or was deleted. Records a read. */
  document(tableId: string, documentId: string): Revision | undefined;
  /** Every committed revision of the table's documents (deletes included), oldest first per document. */
  history(tableId: string): Iterable<Revision>;

  /** Inserts a document (data must be an Ion struct) and returns its new id. */
  insert(tableId: string, data: dom.Value): string;
  /** Writes a new revision of a live document. */
  update(tableId: string, documentId: string, data: dom.Value): void;
  /** Deletes a live document (writes a delete revision). */
  delete(tableId: string, documentId: string): void;

  createTable(name: string): string;
  dropTable(tableId: string): void;
  undropTable(tableId: string): void;
  /** Returns the new index id. */
  createIndex(tableId: string, field: string): string;
  dropIndex(tableId: string, indexId: string): void;
  /** Schedules the redaction of one old revision; returns what QLDB returns for EXEC REDACT_REVISION. */
  redactRevision(address: BlockAddress, tableId: string, documentId: string): { blockAddress: BlockAddress; tableId: string; documentId: string; version: number };
}
