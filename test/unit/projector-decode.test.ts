import type { KinesisStreamRecordPayload } from 'aws-lambda';
import { IonTypes, makeBinaryWriter } from 'ion-js';
import { decodeStreamRecord } from '../../functions/domain/projection/stream-record';
import { userRecordsOf } from '../../functions/domain/projection/user-records';
import { envelope, LedgerModel, journalStreamRecords, packageForKinesis, SeededRandom } from '../fixtures/generators/stream-records';

const model = new LedgerModel({ seed: 3, transactions: 40, tables: ['Accounts'] });
const payload = (data: Uint8Array): KinesisStreamRecordPayload => ({
  kinesisSchemaVersion: '1.0',
  partitionKey: 'p',
  sequenceNumber: '1',
  data: Buffer.from(data).toString('base64'),
  approximateArrivalTimestamp: 1,
});

describe('de-aggregation', () => {
  test('a record without the KPL magic is one user record, without subSequenceNumber', () => {
    const data = journalStreamRecords(model)[0];
    expect(userRecordsOf(payload(data))).toEqual({ ok: true, records: [{ subSequenceNumber: undefined, data: Buffer.from(data) }] });
  });

  test('a KPL aggregate yields its user records in order, numbered from 0', () => {
    const records = journalStreamRecords(model).slice(0, 30);
    const { shards } = packageForKinesis(records, [], new SeededRandom(1), { shards: 1, duplicateShare: 0, streamArn: 'arn' });
    const aggregated = shards[0].records.filter((r) => Buffer.from(r.kinesis.data, 'base64').subarray(0, 4).toString('hex') === 'f3899ac2');
    const userRecords = shards[0].records.flatMap((r) => {
      const result = userRecordsOf(r.kinesis);
      return result.ok ? result.records : [];
    });
    expect(aggregated.length).toBeGreaterThan(1);
    expect(userRecords.map((u) => u.data)).toEqual(records.map((r) => Buffer.from(r)));
    const first = userRecordsOf(aggregated[0].kinesis);
    expect(first.ok && first.records.map((r) => r.subSequenceNumber)).toEqual(first.ok ? first.records.map((_, i) => i) : []);
  });

  test('an aggregate that fails its MD5 check, or does not parse, is refused whole', () => {
    const { shards } = packageForKinesis(journalStreamRecords(model).slice(0, 10), [], new SeededRandom(2), { shards: 1, duplicateShare: 0, streamArn: 'arn' });
    const aggregate = shards[0].records.map((r) => Buffer.from(r.kinesis.data, 'base64')).find((d) => d.subarray(0, 4).toString('hex') === 'f3899ac2')!;
    const tampered = Buffer.from(aggregate);
    tampered[tampered.length - 1] ^= 0xff;
    expect(userRecordsOf(payload(tampered))).toEqual({ ok: false, detail: expect.stringContaining('checksum') });
    const garbage = Buffer.concat([Buffer.from('f3899ac2', 'hex'), Buffer.alloc(30, 7)]);
    expect(userRecordsOf(payload(garbage))).toEqual({ ok: false, detail: expect.stringContaining('cannot de-aggregate') });
  });
});

describe('stream record decoding', () => {
  const [created, summary, firstRevision] = journalStreamRecords(model);

  test('CONTROL: ledger and stream id from qldbStreamArn', () => {
    const [, ledger, streamId] = model.streamArn.split('/');
    expect(decodeStreamRecord(created)).toEqual({
      ok: true,
      record: { recordType: 'CONTROL', stream: { streamArn: model.streamArn, ledgerName: ledger, streamId }, controlRecordType: 'CREATED' },
    });
  });

  test('BLOCK_SUMMARY: block address and timestamp in Ion text form', () => {
    const decoded = decodeStreamRecord(summary);
    expect(decoded).toMatchObject({ ok: true, record: { recordType: 'BLOCK_SUMMARY', blockAddress: { strandId: model.strandId, sequenceNo: 0 }, redactions: [] } });
    const record = decoded.ok && decoded.record.recordType === 'BLOCK_SUMMARY' ? decoded.record : undefined;
    expect(record!.blockTimestamp).toBe(model.blocks[0].timestamp.toISOString());
    expect(record!.blockTimestampMs).toBe(model.blocks[0].timestamp.getTime());
  });

  test('BLOCK_SUMMARY with redactionInfo names each redacted revision, and its table when transactionInfo has it', () => {
    const redactionBlock = model.blocks.findIndex((b) => b.redactions.length > 0);
    expect(redactionBlock).toBeGreaterThan(0);
    const { doc, rev } = model.blocks[redactionBlock].redactions[0];
    const records = journalStreamRecords(model).map(decodeStreamRecord);
    const found = records.find((r) => r.ok && r.record.recordType === 'BLOCK_SUMMARY' && r.record.blockAddress.sequenceNo === redactionBlock);
    expect(found).toMatchObject({
      ok: true,
      record: { redactions: [{ documentId: doc.id, version: rev.version, tableId: doc.tableId, tableName: doc.tableName, blockAddress: { sequenceNo: rev.sequenceNo } }] },
    });
  });

  test('REVISION_DETAILS: table, metadata, hash and data', () => {
    const decoded = decodeStreamRecord(firstRevision);
    const { doc, rev } = model.blocks[0].revisions[0];
    expect(decoded).toMatchObject({
      ok: true,
      record: {
        recordType: 'REVISION_DETAILS',
        tableName: doc.tableName,
        tableId: doc.tableId,
        revisionHash: rev.hash,
        metadata: { id: doc.id, version: 0, txTime: rev.txTime.toISOString(), txId: rev.txId },
      },
    });
    expect(decoded.ok && decoded.record.recordType === 'REVISION_DETAILS' && decoded.record.data?.getType()).toBe(IonTypes.STRUCT);
  });

  test.each([
    ['no Ion version marker', 'undecodable', Buffer.from('{"json":true}')],
    ['Ion that runs past its end', 'undecodable', Buffer.from('e00100ead3818a', 'hex')],
    ['an unknown recordType', 'unknown-shape', envelope(model, 'SURPRISE', () => undefined)],
    ['a CONTROL type QLDB does not document', 'unknown-shape', envelope(model, 'CONTROL', (w) => (w.writeFieldName('controlRecordType'), w.writeString('IMPAIRED')))],
    ['a stream ARN that is not one', 'unknown-shape', envelope({ streamArn: 'arn:aws:kinesis:us-east-1:1:stream/x' }, 'CONTROL', (w) => (w.writeFieldName('controlRecordType'), w.writeString('CREATED')))],
    ['a REVISION_DETAILS without metadata', 'unknown-shape', envelope(model, 'REVISION_DETAILS', (w) => (w.writeFieldName('tableInfo'), w.stepIn(IonTypes.STRUCT), w.stepOut()))],
    ['two values', 'unknown-shape', twoValues()],
  ])('%s → %s', (_, reason, bytes) => {
    expect(decodeStreamRecord(bytes)).toEqual({ ok: false, reason, detail: expect.any(String) });
  });
});

function twoValues(): Uint8Array {
  const writer = makeBinaryWriter();
  writer.writeInt(1);
  writer.writeInt(2);
  writer.close();
  return writer.getBytes();
}
