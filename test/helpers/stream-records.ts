import type { KinesisStreamEvent, KinesisStreamRecord } from 'aws-lambda';
import { IonTypes, load, makeBinaryWriter, Timestamp, type Writer } from 'ion-js';

/**
 * A seeded model of a QLDB ledger and the journal stream it would produce (qldb-spec §6): Ion binary
 * envelopes, KPL-aggregated in random groups with random partition keys, spread over shards, with
 * producer duplicates, replayed redacted revisions and deliberately poisoned records. Tests compare a
 * projection of the stream with the model's committed view.
 */

/** aws-kinesis-agg's KPL aggregator (its typings declare only the callback API). */
const { RecordAggregator } = require('aws-kinesis-agg') as {
  RecordAggregator: new (onReady: () => void) => { addUserRecord(record: { partitionKey: string; data: Buffer }): void; build(): { partitionKey: string; data: Buffer } };
};

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
export class SeededRandom {
  constructor(private state: number) {}
  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }
  bytes(n: number): Uint8Array {
    return Uint8Array.from({ length: n }, () => this.int(256));
  }
  id(): string {
    const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
    return Array.from({ length: 22 }, () => alphabet[this.int(62)]).join('');
  }
  hex(n: number): string {
    return Array.from({ length: n }, () => '0123456789abcdef'[this.int(16)]).join('');
  }
}

export interface ModelRevision {
  version: number;
  sequenceNo: number;
  txTime: Date;
  txId: string;
  hash: Uint8Array;
  /** Ion text of the document; undefined for a delete revision. */
  data?: string;
  dataHash: Uint8Array;
  redacted: boolean;
  /** The stream also carried this revision in its redacted form (a replay after the redaction). */
  redactedFormStreamed: boolean;
}

export interface ModelDocument {
  id: string;
  tableName: string;
  tableId: string;
  revisions: ModelRevision[];
}

interface Block {
  sequenceNo: number;
  txId: string;
  timestamp: Date;
  revisions: { doc: ModelDocument; rev: ModelRevision }[];
  redactions: { doc: ModelDocument; rev: ModelRevision }[];
}

export interface LedgerModelOptions {
  seed: number;
  /** Transactions to commit. */
  transactions: number;
  tables: readonly string[];
  ledgerName?: string;
  /** The attribute holding one of a few owner names, for an indexed-attribute query. */
  ownerAttribute?: string;
}

/** The committed state of a ledger after a random history of inserts, updates, deletes and redactions. */
export class LedgerModel {
  readonly documents = new Map<string, ModelDocument>();
  readonly blocks: Block[] = [];
  readonly strandId: string;
  readonly streamArn: string;
  readonly ledgerName: string;
  readonly tableIds = new Map<string, string>();
  readonly random: SeededRandom;
  private clock = Date.UTC(2024, 0, 1);

  constructor(readonly options: LedgerModelOptions) {
    this.random = new SeededRandom(options.seed);
    this.ledgerName = options.ledgerName ?? 'drill-ledger';
    this.strandId = this.random.id();
    this.streamArn = `arn:aws:qldb:us-east-1:000000000000:stream/${this.ledgerName}/${this.random.id()}`;
    for (const table of options.tables) this.tableIds.set(table, this.random.id());
    for (let i = 0; i < options.transactions; i++) this.commitRandomTransaction();
  }

  private live(): ModelDocument[] {
    return [...this.documents.values()].filter((d) => d.revisions.at(-1)!.data !== undefined);
  }

  /** QLDB redacts only non-current revisions (or any revision of a deleted document), never a delete revision. */
  private redactable(): { doc: ModelDocument; rev: ModelRevision }[] {
    const out: { doc: ModelDocument; rev: ModelRevision }[] = [];
    for (const doc of this.documents.values()) {
      const deleted = doc.revisions.at(-1)!.data === undefined;
      for (const rev of doc.revisions) if (!rev.redacted && rev.data !== undefined && (deleted || rev !== doc.revisions.at(-1))) out.push({ doc, rev });
    }
    return out;
  }

  private newBlock(): Block {
    this.clock += 1 + this.random.int(2000);
    const block: Block = { sequenceNo: this.blocks.length, txId: this.random.id(), timestamp: new Date(this.clock), revisions: [], redactions: [] };
    this.blocks.push(block);
    return block;
  }

  private revise(block: Block, doc: ModelDocument, data: string | undefined): void {
    const rev: ModelRevision = {
      version: doc.revisions.length,
      sequenceNo: block.sequenceNo,
      txTime: block.timestamp,
      txId: block.txId,
      hash: this.random.bytes(32),
      data,
      dataHash: this.random.bytes(32),
      redacted: false,
      redactedFormStreamed: false,
    };
    doc.revisions.push(rev);
    block.revisions.push({ doc, rev });
  }

  private commitRandomTransaction(): void {
    const roll = this.random.next();
    const redactable = roll < 0.08 ? this.redactable() : [];
    if (redactable.length > 0) {
      const block = this.newBlock();
      const target = this.random.pick(redactable);
      target.rev.redacted = true;
      block.redactions.push(target);
      return;
    }
    const block = this.newBlock();
    const touched = new Set<string>();
    for (let n = 1 + this.random.int(3); n > 0; n--) {
      const live = this.live().filter((d) => !touched.has(d.id));
      const op = live.length < 5 ? 0 : this.random.next();
      if (op < 0.45) {
        const tableName = this.random.pick(this.options.tables);
        const doc: ModelDocument = { id: this.random.id(), tableName, tableId: this.tableIds.get(tableName)!, revisions: [] };
        this.documents.set(doc.id, doc);
        this.revise(block, doc, this.randomDocument());
        touched.add(doc.id);
      } else {
        const doc = this.random.pick(live);
        this.revise(block, doc, op < 0.85 ? this.randomDocument() : undefined);
        touched.add(doc.id);
      }
    }
  }

  /** Every Ion type the mapping handles, in random combinations. */
  randomDocument(): string {
    const r = this.random;
    const fields = [`${this.options.ownerAttribute ?? 'owner'}: "${r.pick(['ana', 'bo', 'chen', 'dara', 'eli'])}"`, `n: ${r.int(1000)}`];
    if (r.chance(0.5)) fields.push(`amount: ${r.int(100000)}.${String(r.int(100)).padStart(2, '0')}`);
    if (r.chance(0.3)) fields.push(`ratio: ${(r.next() * 1000).toPrecision(12)}e0`);
    if (r.chance(0.2)) fields.push(`big: ${r.int(9) + 1}${'7'.repeat(40)}`);
    if (r.chance(0.1)) fields.push(`odd: ${r.pick(['nan', '+inf', '-inf', '-0e0', '1.50d-2'])}`);
    if (r.chance(0.4)) fields.push(`at: ${new Date(Date.UTC(2020, 0, 1) + r.int(1e10)).toISOString()}`);
    if (r.chance(0.3)) fields.push(`flag: ${r.chance(0.5)}`);
    if (r.chance(0.2)) fields.push(`nothing: ${r.pick(['null', 'null.string', 'null.struct'])}`);
    if (r.chance(0.2)) fields.push(`raw: {{${Buffer.from(r.bytes(1 + r.int(20))).toString('base64')}}}`);
    if (r.chance(0.1)) fields.push(`note: {{"clob text"}}`);
    if (r.chance(0.3)) fields.push(`tags: [${Array.from({ length: r.int(4) }, () => r.pick(['red', 'green', "'blue sky'"])).join(', ')}]`);
    if (r.chance(0.1)) fields.push(`expr: (a b ${r.int(9)})`);
    if (r.chance(0.3)) fields.push(`address: { city: "${r.pick(['Oslo', 'Lyon', 'Kyoto'])}", lines: ["${r.hex(6)}", ""], zip: ${r.int(99999)} }`);
    if (r.chance(0.1)) fields.push(`label: annotated::"x"`);
    return `{ ${fields.join(', ')} }`;
  }
}

/** The stream records of the model's journal, in journal order (CONTROL CREATED first). */
export function journalStreamRecords(model: LedgerModel, options: { replayRedactedShare?: number; completed?: boolean } = {}): Uint8Array[] {
  const records: Uint8Array[] = [envelope(model, 'CONTROL', (w) => field(w, 'controlRecordType', () => w.writeString('CREATED')))];
  const replays: Uint8Array[] = [];
  for (const block of model.blocks) {
    records.push(blockSummary(model, block));
    for (const { doc, rev } of block.revisions) records.push(revisionDetails(model, doc, rev, false));
    for (const { doc, rev } of block.redactions) {
      if (model.random.chance(options.replayRedactedShare ?? 0.5)) {
        rev.redactedFormStreamed = true;
        replays.push(revisionDetails(model, doc, rev, true));
      }
    }
  }
  // A replayed stream (InclusiveStartTime in the past) shows redacted revisions as QLDB now stores them.
  records.push(...replays);
  if (options.completed) records.push(envelope(model, 'CONTROL', (w) => field(w, 'controlRecordType', () => w.writeString('COMPLETED'))));
  return records;
}

function field(writer: Writer, name: string, write: () => void): void {
  writer.writeFieldName(name);
  write();
}

function struct(writer: Writer, body: () => void): void {
  writer.stepIn(IonTypes.STRUCT);
  body();
  writer.stepOut();
}

const timestamp = (date: Date) => Timestamp.parse(date.toISOString())!;

export function envelope(model: { streamArn: string }, recordType: string, payload: (writer: Writer) => void): Uint8Array {
  const writer = makeBinaryWriter();
  struct(writer, () => {
    field(writer, 'qldbStreamArn', () => writer.writeString(model.streamArn));
    field(writer, 'recordType', () => writer.writeString(recordType));
    field(writer, 'payload', () => struct(writer, () => payload(writer)));
  });
  writer.close();
  return writer.getBytes();
}

function writeBlockAddress(writer: Writer, strandId: string, sequenceNo: number): void {
  struct(writer, () => {
    field(writer, 'strandId', () => writer.writeString(strandId));
    field(writer, 'sequenceNo', () => writer.writeInt(sequenceNo));
  });
}

function blockSummary(model: LedgerModel, block: Block): Uint8Array {
  return envelope(model, 'BLOCK_SUMMARY', (w) => {
    const random = model.random;
    field(w, 'blockAddress', () => writeBlockAddress(w, model.strandId, block.sequenceNo));
    field(w, 'transactionId', () => w.writeString(block.txId));
    field(w, 'blockTimestamp', () => w.writeTimestamp(timestamp(block.timestamp)));
    field(w, 'blockHash', () => w.writeBlob(random.bytes(32)));
    field(w, 'entriesHash', () => w.writeBlob(random.bytes(32)));
    field(w, 'previousBlockHash', () => w.writeBlob(random.bytes(32)));
    field(w, 'entriesHashList', () => {
      w.stepIn(IonTypes.LIST);
      w.writeBlob(random.bytes(32));
      w.stepOut();
    });
    const touched = [...block.revisions, ...block.redactions];
    field(w, 'transactionInfo', () =>
      struct(w, () => {
        field(w, 'statements', () => {
          w.stepIn(IonTypes.LIST);
          struct(w, () => {
            field(w, 'statement', () => w.writeString(block.redactions.length ? 'EXEC REDACT_REVISION ?, ?, ?' : 'INSERT INTO T ?'));
            field(w, 'startTime', () => w.writeTimestamp(timestamp(block.timestamp)));
            field(w, 'statementDigest', () => w.writeBlob(random.bytes(32)));
          });
          w.stepOut();
        });
        if (touched.length)
          field(w, 'documents', () =>
            struct(w, () => {
              for (const { doc } of touched)
                field(w, doc.id, () =>
                  struct(w, () => {
                    field(w, 'tableName', () => w.writeString(doc.tableName));
                    field(w, 'tableId', () => w.writeString(doc.tableId));
                    field(w, 'statements', () => {
                      w.stepIn(IonTypes.LIST);
                      w.writeInt(0);
                      w.stepOut();
                    });
                  }),
                );
            }),
          );
      }),
    );
    if (block.redactions.length)
      field(w, 'redactionInfo', () =>
        struct(w, () =>
          field(w, 'revisions', () => {
            w.stepIn(IonTypes.LIST);
            for (const { doc, rev } of block.redactions)
              struct(w, () => {
                field(w, 'blockAddress', () => writeBlockAddress(w, model.strandId, rev.sequenceNo));
                field(w, 'tableId', () => w.writeString(doc.tableId));
                field(w, 'documentId', () => w.writeString(doc.id));
                field(w, 'version', () => w.writeInt(rev.version));
              });
            w.stepOut();
          }),
        ),
      );
    if (block.revisions.length)
      field(w, 'revisionSummaries', () => {
        w.stepIn(IonTypes.LIST);
        for (const { doc, rev } of block.revisions)
          struct(w, () => {
            field(w, 'hash', () => w.writeBlob(rev.hash));
            field(w, 'documentId', () => w.writeString(doc.id));
          });
        w.stepOut();
      });
  });
}

function revisionDetails(model: LedgerModel, doc: ModelDocument, rev: ModelRevision, redactedForm: boolean): Uint8Array {
  return envelope(model, 'REVISION_DETAILS', (w) => {
    field(w, 'tableInfo', () =>
      struct(w, () => {
        field(w, 'tableName', () => w.writeString(doc.tableName));
        field(w, 'tableId', () => w.writeString(doc.tableId));
      }),
    );
    field(w, 'revision', () =>
      struct(w, () => {
        field(w, 'blockAddress', () => writeBlockAddress(w, model.strandId, rev.sequenceNo));
        field(w, 'hash', () => w.writeBlob(rev.hash));
        if (rev.data !== undefined && redactedForm) field(w, 'dataHash', () => w.writeBlob(rev.dataHash));
        else if (rev.data !== undefined) field(w, 'data', () => load(rev.data!)!.writeTo(w));
        field(w, 'metadata', () =>
          struct(w, () => {
            field(w, 'id', () => w.writeString(doc.id));
            field(w, 'version', () => w.writeInt(rev.version));
            field(w, 'txTime', () => w.writeTimestamp(timestamp(rev.txTime)));
            field(w, 'txId', () => w.writeString(rev.txId));
          }),
        );
      }),
    );
  });
}

/** Records a projector must quarantine, by reason. */
export function poisonRecords(model: LedgerModel, projectedTable: string): { reason: 'undecodable' | 'oversize' | 'unknown-shape'; data: Uint8Array }[] {
  const r = model.random;
  const oversizeDoc: ModelDocument = { id: r.id(), tableName: projectedTable, tableId: model.tableIds.get(projectedTable)!, revisions: [] };
  const oversizeRev: ModelRevision = {
    version: 0,
    sequenceNo: 0,
    txTime: new Date(),
    txId: r.id(),
    hash: r.bytes(32),
    data: `{ blob: "${'x'.repeat(420 * 1024)}" }`,
    dataHash: r.bytes(32),
    redacted: false,
    redactedFormStreamed: false,
  };
  return [
    { reason: 'undecodable', data: Buffer.from('{"not":"ion"}') },
    // The Ion version marker, then a struct whose string field runs past the end.
    { reason: 'undecodable', data: Buffer.from('e00100ead3818a', 'hex') },
    { reason: 'unknown-shape', data: envelope(model, 'MYSTERY', () => undefined) },
    { reason: 'unknown-shape', data: envelope(model, 'REVISION_DETAILS', (w) => field(w, 'tableInfo', () => w.writeString('oops'))) },
    { reason: 'oversize', data: revisionDetails(model, oversizeDoc, oversizeRev, false) },
  ];
}

export interface PackagedShard {
  shardId: string;
  records: KinesisStreamRecord[];
}

export interface Packaging {
  shards: PackagedShard[];
  /** Quarantine positions (`<eventID>#<subSequenceNumber>`) the poisoned records land at, with their reason. */
  poisonPositions: Map<string, string>;
}

/**
 * Puts stream records on a Kinesis stream the way QLDB does: random groups KPL-aggregated (sometimes a
 * single record not aggregated), a random 64-hex partition key per Kinesis record, so the shard is random;
 * some records put twice (producer retries); poison records mixed in, and optionally a corrupt aggregate.
 */
export function packageForKinesis(
  records: Uint8Array[],
  poison: { reason: string; data: Uint8Array }[],
  random: SeededRandom,
  options: { shards: number; duplicateShare: number; streamArn: string; corruptAggregate?: boolean },
): Packaging {
  type Entry = { data: Uint8Array; poison?: string };
  const entries: Entry[] = records.map((data) => ({ data }));
  for (let i = 0; i < records.length * options.duplicateShare; i++) {
    const at = random.int(entries.length);
    entries.splice(at + random.int(entries.length - at), 0, { data: entries[at].data });
  }
  for (const p of poison) entries.splice(random.int(entries.length), 0, { data: p.data, poison: p.reason });

  const shards: PackagedShard[] = Array.from({ length: options.shards }, (_, i) => ({ shardId: `shardId-${String(i).padStart(12, '0')}`, records: [] }));
  const poisonPositions = new Map<string, string>();
  const arrival = Date.UTC(2024, 5, 1) / 1000;
  const put = (data: Buffer, userRecords: Entry[], aggregated: boolean) => {
    const shard = random.pick(shards);
    const sequenceNumber = (49650000000000000000000000000000000000000000000000000000n + BigInt(shards.indexOf(shard)) * 10n ** 30n + BigInt(shard.records.length)).toString();
    const eventID = `${shard.shardId}:${sequenceNumber}`;
    userRecords.forEach((e, i) => e.poison && poisonPositions.set(`${eventID}#${aggregated ? i : 0}`, e.poison));
    shard.records.push({
      kinesis: {
        kinesisSchemaVersion: '1.0',
        partitionKey: random.hex(64),
        sequenceNumber,
        data: data.toString('base64'),
        approximateArrivalTimestamp: arrival + shard.records.length / 1000,
      },
      eventSource: 'aws:kinesis',
      eventVersion: '1.0',
      eventID,
      eventName: 'aws:kinesis:record',
      invokeIdentityArn: 'arn:aws:iam::000000000000:role/projector',
      awsRegion: 'us-east-1',
      eventSourceARN: options.streamArn,
    });
  };
  for (let i = 0; i < entries.length; ) {
    const size = 1 + random.int(12);
    const group = entries.slice(i, i + size);
    i += size;
    if (group.length === 1 && random.chance(0.3)) {
      put(Buffer.from(group[0].data), group, false);
      continue;
    }
    const aggregator = new RecordAggregator(() => undefined);
    for (const e of group) aggregator.addUserRecord({ partitionKey: random.hex(64), data: Buffer.from(e.data) });
    put(aggregator.build().data, group, true);
  }
  if (options.corruptAggregate) {
    // The KPL magic, then bytes that are no aggregate: the whole Kinesis record is poison, at subSequenceNumber 0.
    const corrupt = Buffer.concat([Buffer.from('f3899ac2', 'hex'), Buffer.from(random.bytes(40))]);
    put(corrupt, [{ data: corrupt, poison: 'undecodable' }], false);
  }
  return { shards, poisonPositions };
}

export const kinesisEvent = (records: KinesisStreamRecord[]): KinesisStreamEvent => ({ Records: records });
