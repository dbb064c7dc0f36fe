import { createHash } from 'node:crypto';
import { dumpText, load, type dom } from 'ion-js';
import { blockToIon, type DocumentRevision, revisionToIon } from '../../runtime/services/qldb/journal/block';
import { ionHash } from '../../runtime/services/qldb/journal/hash';
import { entryBytes, AGGREGATION_MAX_BYTES, KINESIS_MAX_RECORD_BYTES, packRecords, putRecordsRequests, PUT_RECORDS_MAX_BYTES } from '../../runtime/services/qldb/streams/kinesis-packing';
import { blockRecords, blockSummaryRecord, controlRecord, revisionDetailsRecord } from '../../runtime/services/qldb/streams/stream-records';
import { ChainBuilder, documentId, STRAND_ID, TABLE_ID } from '../fixtures/qldb/journal-chain';
import { deaggregate, decodeStreamRecord } from '../helpers/qldb-stream';

const STREAM_ARN = 'arn:aws:qldb:us-east-1:000000000000:stream/ledger-1/Jc8pT3yWqgyLKsWmnmzR3a';
const BVM = [0xe0, 0x01, 0x00, 0xea];

/** The strings of the record's local symbol table, in order: ion-js writes it ahead of the value. */
function symbolOrder(bytes: Uint8Array, names: string[]): number[] {
  const buffer = Buffer.from(bytes);
  return names.map((name) => buffer.indexOf(Buffer.from(name, 'utf8')));
}

const fieldNames = (value: dom.Value | null): string[] => value!.fieldNames();

describe('stream records (docs/qldb-streams.md#stream-records)', () => {
  const chain = new ChainBuilder();
  const catalogBlock = chain.next({ internal: ['{ tableId: "t", name: "Person" }'] });
  const writeBlock = chain.next({ writes: [{ documentId: documentId(1), data: '{ name: "Ada", age: 36 }' }, { documentId: documentId(2), data: '{ name: "Bob" }' }] });
  const readBlock = chain.next();
  const deleteBlock = chain.next({ writes: [{ documentId: documentId(2) }] });

  it('writes a CONTROL record as a standalone Ion binary stream with the envelope fields first', () => {
    const bytes = controlRecord(STREAM_ARN, 'CREATED');
    expect([...bytes.subarray(0, 4)]).toEqual(BVM);
    const record = load(bytes)!;
    expect(fieldNames(record)).toEqual(['qldbStreamArn', 'recordType', 'payload']);
    expect(record.get('qldbStreamArn')!.stringValue()).toBe(STREAM_ARN);
    expect(record.get('recordType')!.stringValue()).toBe('CONTROL');
    expect(dumpText(record.get('payload'))).toBe('{controlRecordType:"CREATED"}');
    expect(load(controlRecord(STREAM_ARN, 'COMPLETED'))!.get('payload', 'controlRecordType')!.stringValue()).toBe('COMPLETED');
  });

  it('writes BLOCK_SUMMARY with the block fields in the real order, then revisionSummaries', () => {
    const bytes = blockSummaryRecord(STREAM_ARN, writeBlock);
    const payload = load(bytes)!.get('payload')!;
    expect(fieldNames(payload)).toEqual([
      'blockAddress', 'transactionId', 'blockTimestamp', 'blockHash', 'entriesHash', 'previousBlockHash', 'entriesHashList', 'transactionInfo', 'revisionSummaries',
    ]);
    // The block fields are exactly GetBlock's (its IonText without revisions).
    const { revisionSummaries: _summaries, ...fields } = JSON.parse(JSON.stringify(payload));
    expect(fields).toEqual(JSON.parse(JSON.stringify(blockToIon(writeBlock, { withRevisions: false }))));
    const summaries = payload.get('revisionSummaries')!.elements();
    expect(summaries.map((s) => s.get('documentId')!.stringValue())).toEqual([documentId(1), documentId(2)]);
    expect(summaries.map((s) => Buffer.from(s.get('hash')!.uInt8ArrayValue()!))).toEqual(writeBlock.revisions.map((r) => Buffer.from(r.hash)));
  });

  it('puts the symbols in the order of the real record: envelope, block fields, documents, revisionSummaries', () => {
    const bytes = blockSummaryRecord(STREAM_ARN, writeBlock);
    const order = symbolOrder(bytes, [
      'qldbStreamArn', 'recordType', 'payload', 'blockAddress', 'strandId', 'sequenceNo', 'transactionId', 'blockTimestamp', 'blockHash', 'entriesHash',
      'previousBlockHash', 'entriesHashList', 'transactionInfo', 'statements', 'statement', 'startTime', 'statementDigest', 'documents', documentId(1),
      'tableName', 'tableId', documentId(2), 'revisionSummaries', 'hash', 'documentId',
    ]);
    expect(order.every((position) => position > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    // Field names are symbols: each appears once, in the symbol table, not once per use.
    expect(Buffer.from(bytes).indexOf('tableName', order[19]! + 1)).toBe(-1);
  });

  it('leaves revisionSummaries out of a read-only block, and shows catalog revisions by hash only', () => {
    const readOnly = load(blockSummaryRecord(STREAM_ARN, readBlock))!.get('payload')!;
    expect(fieldNames(readOnly)).not.toContain('revisionSummaries');
    expect(fieldNames(readOnly.get('transactionInfo'))).toEqual(['statements']);
    const catalog = load(blockSummaryRecord(STREAM_ARN, catalogBlock))!.get('payload', 'revisionSummaries')!.elements();
    expect(catalog.map(fieldNames)).toEqual([['hash']]);
  });

  it('carries redactionInfo between transactionInfo and revisionSummaries', () => {
    const redaction = new ChainBuilder();
    const target = redaction.next({ writes: [{ documentId: documentId(3), data: '{ secret: "x" }' }] });
    const block = redaction.next({
      writes: [{ documentId: documentId(4), data: '{ other: 1 }' }],
      redactionInfo: { revisions: [{ blockAddress: target.blockAddress, tableId: TABLE_ID, documentId: documentId(3), version: 0 }] },
    });
    const payload = load(blockSummaryRecord(STREAM_ARN, block))!.get('payload')!;
    expect(fieldNames(payload).slice(-3)).toEqual(['transactionInfo', 'redactionInfo', 'revisionSummaries']);
    expect(payload.get('redactionInfo', 'revisions')!.elements()[0]!.get('documentId')!.stringValue()).toBe(documentId(3));
  });

  it('writes REVISION_DETAILS as tableInfo plus the revision exactly as GetRevision shows it', () => {
    const revision = writeBlock.revisions[0] as DocumentRevision;
    const record = load(revisionDetailsRecord(STREAM_ARN, writeBlock, revision))!;
    expect(record.get('recordType')!.stringValue()).toBe('REVISION_DETAILS');
    const payload = record.get('payload')!;
    expect(fieldNames(payload)).toEqual(['tableInfo', 'revision']);
    expect(dumpText(payload.get('tableInfo'))).toBe(`{tableName:"Person",tableId:"${TABLE_ID}"}`);
    expect(fieldNames(payload.get('revision'))).toEqual(['blockAddress', 'hash', 'data', 'metadata']);
    expect(dumpText(payload.get('revision'))).toBe(dumpText(revisionToIon(writeBlock.blockAddress, revision)));
    expect(payload.get('revision', 'blockAddress', 'strandId')!.stringValue()).toBe(STRAND_ID);
  });

  it('shows a delete revision with metadata only and a redacted one with dataHash instead of data', () => {
    const deleted = load(revisionDetailsRecord(STREAM_ARN, deleteBlock, deleteBlock.revisions[0] as DocumentRevision))!.get('payload', 'revision')!;
    expect(fieldNames(deleted)).toEqual(['blockAddress', 'hash', 'metadata']);
    expect(deleted.get('metadata', 'version')!.numberValue()).toBe(1);
    const live = writeBlock.revisions[1] as DocumentRevision;
    const redacted: DocumentRevision = { kind: 'document', tableId: live.tableId, tableName: live.tableName, hash: live.hash, metadata: live.metadata, dataHash: ionHash(live.data!) };
    const shown = load(revisionDetailsRecord(STREAM_ARN, writeBlock, redacted))!.get('payload', 'revision')!;
    expect(fieldNames(shown)).toEqual(['blockAddress', 'hash', 'dataHash', 'metadata']);
    expect(dumpText(shown)).toBe(dumpText(revisionToIon(writeBlock.blockAddress, redacted)));
    expect(dumpText(deleted)).toBe(dumpText(revisionToIon(deleteBlock.blockAddress, deleteBlock.revisions[0] as DocumentRevision)));
  });

  it('gives one BLOCK_SUMMARY per block and one REVISION_DETAILS per user revision, none for internal ones', () => {
    const types = (block: typeof writeBlock) => blockRecords(STREAM_ARN, block).map((bytes) => load(bytes)!.get('recordType')!.stringValue());
    expect(types(writeBlock)).toEqual(['BLOCK_SUMMARY', 'REVISION_DETAILS', 'REVISION_DETAILS']);
    expect(types(catalogBlock)).toEqual(['BLOCK_SUMMARY']);
    expect(types(readBlock)).toEqual(['BLOCK_SUMMARY']);
  });
});

describe('Kinesis packing (docs/qldb-streams.md#kinesis-delivery)', () => {
  const records = Array.from({ length: 40 }, (_, i) => controlRecord(`${STREAM_ARN}-${i}`, 'CREATED'));

  it('aggregates in the KPL format: magic F3 89 9A C2, protobuf, MD5 of the protobuf', () => {
    const [entry, ...rest] = packRecords(records, true);
    expect(rest).toHaveLength(0);
    const data = Buffer.from(entry!.Data, 'base64');
    expect([...data.subarray(0, 4)]).toEqual([0xf3, 0x89, 0x9a, 0xc2]);
    const protobuf = data.subarray(4, data.length - 16);
    expect(data.subarray(data.length - 16)).toEqual(createHash('md5').update(protobuf).digest());
    const users = deaggregate(data);
    expect(users.map((u) => Buffer.from(u.data))).toEqual(records.map((r) => Buffer.from(r)));
    expect(users.map((u) => decodeStreamRecord(u.data).qldbStreamArn)).toEqual(records.map((_, i) => `${STREAM_ARN}-${i}`));
  });

  it('uses a random 64-hex-character partition key for every record', () => {
    const users = deaggregate(Buffer.from(packRecords(records, true)[0]!.Data, 'base64'));
    const keys = users.map((u) => u.partitionKey);
    expect(keys.every((k) => /^[0-9a-f]{64}$/.test(k))).toBe(true);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('sends one Kinesis record per stream record when aggregation is off', () => {
    const entries = packRecords(records, false);
    expect(entries.map((e) => Buffer.from(e.Data, 'base64'))).toEqual(records.map((r) => Buffer.from(r)));
    expect(entries.every((e) => /^[0-9a-f]{64}$/.test(e.PartitionKey))).toBe(true);
  });

  it("aggregates up to the KPL's 51,200 bytes, and sends a larger record on its own within 1 MiB", () => {
    const medium = Array.from({ length: 30 }, (_, i) => Buffer.alloc(10_000, i));
    const big = [...medium, Buffer.alloc(100_000, 7)];
    const entries = packRecords(big, true);
    expect(entries.length).toBe(7);
    for (const entry of entries.slice(0, 6)) expect(Buffer.byteLength(entry.Data, 'base64')).toBeLessThanOrEqual(AGGREGATION_MAX_BYTES);
    for (const entry of entries) expect(entryBytes(entry)).toBeLessThanOrEqual(KINESIS_MAX_RECORD_BYTES);
    const back = entries.flatMap((e) => deaggregate(Buffer.from(e.Data, 'base64')).map((u) => Buffer.from(u.data)));
    // Compared as hex digests: jest's deep equality walks a Buffer byte by byte.
    const digest = (b: Buffer) => createHash('sha256').update(b).digest('hex');
    expect(back.map(digest)).toEqual(big.map(digest));
  });

  it('cuts PutRecords requests at 500 records and at 5 MiB, keeping the order', () => {
    const small = packRecords(Array.from({ length: 1201 }, () => Buffer.from('x')), false);
    expect(putRecordsRequests(small).map((r) => r.length)).toEqual([500, 500, 201]);
    const large = packRecords(Array.from({ length: 12 }, (_, i) => Buffer.alloc(900_000, i)), false);
    const requests = putRecordsRequests(large);
    expect(requests.map((r) => r.length)).toEqual([5, 5, 2]);
    for (const request of requests) expect(request.reduce((sum, e) => sum + entryBytes(e), 0)).toBeLessThanOrEqual(PUT_RECORDS_MAX_BYTES);
    expect(requests.flat()).toEqual(large);
  });
});
