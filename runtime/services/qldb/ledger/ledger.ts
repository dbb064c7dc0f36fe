import { dom } from 'ion-js';
import type { Clock } from '../../../core/clock';
import { buildBlock, type Block, type StatementInfo } from '../journal/block';
import { EMPTY_HASH, ionHash } from '../journal/hash';
import type { JournalCipher } from '../journal/journal-cipher';
import { JournalStore } from '../journal/journal-store';
import type { Revision, TableInfo } from './ledger-view';
import { CommittedState } from './committed-state';
import { LedgerTransaction } from './transaction';

/** How a catalog change is journaled: an internal, hash-only revision that replay turns back into the table. */
const catalogRecord = (table: TableInfo): dom.Value =>
  dom.Value.from({ tableId: table.tableId, name: table.name, status: table.status, indexes: table.indexes.map((i) => ({ indexId: i.indexId, field: i.field, status: i.status })) });

function tableFromRecord(record: dom.Value): TableInfo {
  return {
    tableId: record.get('tableId')!.stringValue()!,
    name: record.get('name')!.stringValue()!,
    status: record.get('status')!.stringValue() as TableInfo['status'],
    indexes: record
      .get('indexes')!
      .elements()
      .map((i) => ({ indexId: i.get('indexId')!.stringValue()!, field: i.get('field')!.stringValue()!, status: i.get('status')!.stringValue() as TableInfo['indexes'][number]['status'] })),
  };
}

/**
 * One ledger: the committed state, rebuilt from the journal, and the commit path. A commit validates
 * the transaction's reads (OCC), turns its writes into one journal block, applies the block to the
 * state at once (so later commits validate against it) and acknowledges only once the block is durable.
 */
export class Ledger {
  private readonly state = new CommittedState();
  private readonly ciphers = new Map<string, JournalCipher>();
  /** Redactions committed but not yet erased from disk (a crash between the two is redone at open). */
  private pendingErasures: Promise<void>[] = [];

  private constructor(
    readonly name: string,
    /** QLDB has one strand per ledger; its id is fixed when the ledger is created. */
    readonly strandId: string,
    private readonly journal: JournalStore,
    private readonly clock: Clock,
  ) {
    for (const block of journal.blocks()) this.apply(block);
  }

  /**
   * Opens (or creates) the ledger's journal under `dir` (memory only when undefined), decrypting it with
   * `ciphers` (the current data key last), and replays it.
   */
  static async open(name: string, strandId: string, dir: string | undefined, clock: Clock, ciphers: JournalCipher[]): Promise<Ledger> {
    const ledger = new Ledger(name, strandId, JournalStore.open(dir, { ciphers }), clock);
    for (const cipher of ciphers) ledger.addCipher(cipher);
    await ledger.eraseRedacted();
    return ledger;
  }

  private async eraseRedacted(): Promise<void> {
    const pending = this.pendingErasures;
    this.pendingErasures = [];
    await Promise.all(pending);
  }

  get journalStore(): JournalStore {
    return this.journal;
  }

  begin(): LedgerTransaction {
    return new LedgerTransaction(this.state, this.clock.now());
  }

  /**
   * Commits the transaction, or returns undefined when something it read has changed since (the
   * caller answers OccConflictException). Read-only transactions also make a block, as on QLDB.
   */
  async commit(tx: LedgerTransaction, statements: StatementInfo[]): Promise<Block | undefined> {
    if (!tx.stillValid()) return undefined;
    const now = this.clock.now();
    const tables = (id: string) => (tx.tableChanges.get(id) ?? this.state.table(id))!;
    const writes = [...tx.writes.values()].filter((w) => !(w.baseVersion < 0 && w.data === undefined));
    const block = buildBlock({
      strandId: this.strandId,
      sequenceNo: this.journal.length,
      transactionId: tx.id,
      timestamp: now,
      previousBlockHash: this.journal.tip()?.blockHash ?? EMPTY_HASH,
      statements,
      documents: Object.fromEntries(writes.map((w) => [w.id, { tableName: tables(w.tableId).name, tableId: w.tableId, statements: w.statements }])),
      revisions: writes.map((w) => ({
        tableId: w.tableId,
        tableName: tables(w.tableId).name,
        data: w.data,
        metadata: { id: w.id, version: w.baseVersion + 1, txTime: now, txId: tx.id },
      })),
      internal: [...tx.tableChanges.values()].map(catalogRecord),
      redactionInfo: tx.redactions.length ? { revisions: tx.redactions } : undefined,
    });
    const durable = this.journal.append(block);
    this.apply(block);
    await durable;
    await this.eraseRedacted();
    return block;
  }

  private apply(block: Block): void {
    for (const revision of block.revisions) {
      if (revision.kind === 'internal') {
        this.state.putTable(tableFromRecord(revision.data));
        continue;
      }
      const committed: Revision = { tableId: revision.tableId, blockAddress: block.blockAddress, hash: revision.hash, metadata: revision.metadata };
      if (revision.dataHash) committed.dataHash = revision.dataHash;
      // The journal decodes a document only when it is first read; replay must not read them all.
      if ('data' in revision) Object.defineProperty(committed, 'data', { enumerable: true, configurable: true, get: () => revision.data });
      this.state.addRevision(committed);
    }
    for (const r of block.redactionInfo?.revisions ?? []) {
      const target = this.state.document(r.tableId, r.documentId)?.revisions.find((rev) => rev.metadata.version === r.version);
      if (target?.data !== undefined) {
        this.pendingErasures.push(this.journal.redact(target.blockAddress!, r.documentId, r.version));
        this.state.redact(r.tableId, r.documentId, r.version, ionHash(target.data));
      }
    }
  }

  /** Makes a new data key known to the journal; re-encryption under it comes next. */
  addCipher(cipher: JournalCipher): void {
    this.ciphers.set(cipher.keyTag, cipher);
  }

  /** Re-encrypts the whole journal under a known data key; reads and writes go on meanwhile. */
  reencrypt(keyTag: string): Promise<void> {
    return this.journal.reencrypt(this.ciphers.get(keyTag)!);
  }

  close(): Promise<void> {
    return this.journal.close();
  }
}
