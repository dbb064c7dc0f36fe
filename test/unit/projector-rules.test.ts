import type { KinesisStreamRecord } from 'aws-lambda';
import { load } from 'ion-js';
import { parseProjectionConfig } from '../../functions/domain/projection/config';
import type { PutIfAbsent, PutIfNewer, Redact, WriteIntent } from '../../functions/domain/projection/intents';
import { OversizeError, planWrites } from '../../functions/domain/projection/plan-writes';
import { MAX_QUARANTINED_RAW_BYTES, projectKinesisRecord } from '../../functions/domain/projection/project';
import type { BlockSummaryRecord, RevisionDetailsRecord } from '../../functions/domain/projection/stream-record';
import { envelope } from '../fixtures/generators/stream-records';

const stream = { streamArn: 'arn:aws:qldb:us-east-1:000000000000:stream/ledger/S1', ledgerName: 'ledger', streamId: 'S1' };
const config = parseProjectionConfig({ projectedTables: 'Accounts,Orders', indexedAttributes: 'Accounts.owner' });
const now = new Date('2024-06-01T00:00:10.000Z');
const hash = new Uint8Array(32).fill(1);

/** `data` null: a revision without data (a delete, or a redaction when dataHash is given). */
function revision(overrides: Partial<RevisionDetailsRecord> = {}, data: string | null = '{ owner: "ana", n: 1 }'): RevisionDetailsRecord {
  return {
    recordType: 'REVISION_DETAILS',
    stream,
    tableName: 'Accounts',
    tableId: 'T1',
    blockAddress: { strandId: 'S', sequenceNo: 7 },
    revisionHash: hash,
    data: data === null ? undefined : load(data)!,
    metadata: { id: 'D1', version: 2, txTime: '2024-06-01T00:00:00.000Z', txId: 'X1' },
    ...overrides,
  };
}

const key = (sk: string) => ({ pk: { S: 'DOC#D1' }, sk: { S: sk } });

describe('revisions', () => {
  test('a live revision: current put if newer (with the GSI keys), then history put if absent', () => {
    const [current, history] = planWrites(revision(), config, now) as [PutIfNewer, PutIfAbsent];
    expect(current).toMatchObject({ kind: 'put-if-newer', version: 2, item: { ...key('CURRENT'), liveTable: { S: 'Accounts' }, indexKey: { S: 'Accounts#owner#ana' }, data: { M: { owner: { S: 'ana' }, n: { N: '1' } } } } });
    expect(current.item).toMatchObject({ version: { N: '2' }, txTime: { S: '2024-06-01T00:00:00.000Z' }, txId: { S: 'X1' }, tableId: { S: 'T1' }, revisionHash: { B: hash } });
    expect(current.item.blockAddress).toEqual({ M: { strandId: { S: 'S' }, sequenceNo: { N: '7' } } });
    expect(history).toMatchObject({ kind: 'put-if-absent', item: { ...key('V#0000000002'), data: { M: { owner: { S: 'ana' } } } } });
    expect(history.item).not.toHaveProperty('liveTable');
    expect(history.item).not.toHaveProperty('indexKey');
  });

  test('a revision that finds its history item redacted completes it without data and redacts the current item of that version', () => {
    const [, history] = planWrites(revision(), config, now) as [PutIfNewer, PutIfAbsent];
    const [completeHistory, redactCurrent] = history.whenRedacted as [Redact, Redact];
    expect(completeHistory).toMatchObject({ kind: 'redact', key: key('V#0000000002'), remove: ['data'], set: { tableName: { S: 'Accounts' }, txId: { S: 'X1' } } });
    expect(completeHistory.set).not.toHaveProperty('data');
    expect(redactCurrent).toEqual({ kind: 'redact', key: key('CURRENT'), set: { redacted: { BOOL: true } }, remove: ['data', 'indexKey'], ifVersion: 2 });
  });

  test('a delete revision: a tombstone without data or GSI keys, and a deleted history item', () => {
    const [current, history] = planWrites(revision({}, null), config, now) as [PutIfNewer, PutIfAbsent];
    expect(current.item).toMatchObject({ deleted: { BOOL: true } });
    for (const absent of ['data', 'liveTable', 'indexKey', 'redacted']) expect(current.item).not.toHaveProperty(absent);
    expect(history.item).toMatchObject({ deleted: { BOOL: true } });
    expect(history.whenRedacted).toBeUndefined();
  });

  test('a redacted revision (dataHash): current put if newer as redacted, history upserted as redacted, current redacted at that version', () => {
    const dataHash = new Uint8Array(32).fill(9);
    const intents = planWrites(revision({ dataHash }, null), config, now);
    expect(intents.map((i) => i.kind)).toEqual(['put-if-newer', 'redact', 'redact']);
    const [current, history, redactCurrent] = intents as [PutIfNewer, Redact, Redact];
    expect(current.item).toMatchObject({ redacted: { BOOL: true }, dataHash: { B: dataHash }, liveTable: { S: 'Accounts' } });
    expect(current.item).not.toHaveProperty('indexKey');
    expect(history).toMatchObject({ key: key('V#0000000002'), set: { redacted: { BOOL: true }, dataHash: { B: dataHash }, tableName: { S: 'Accounts' } }, remove: ['data'] });
    expect(redactCurrent).toMatchObject({ ifVersion: 2, set: { redacted: { BOOL: true }, dataHash: { B: dataHash } } });
  });

  test('tables outside PROJECTED_TABLES are skipped; `*` keeps every table', () => {
    expect(planWrites(revision({ tableName: 'Audit' }), config, now)).toEqual([]);
    expect(planWrites(revision({ tableName: 'Audit' }), parseProjectionConfig({ projectedTables: '*' }), now)).toHaveLength(2);
  });

  test('no indexKey for a table without an indexed attribute, a non-scalar value, or a key over 2048 bytes', () => {
    const indexKeyOf = (r: RevisionDetailsRecord) => (planWrites(r, config, now)[0] as PutIfNewer).item.indexKey;
    expect(indexKeyOf(revision({ tableName: 'Orders' }))).toBeUndefined();
    expect(indexKeyOf(revision({}, '{ owner: { name: "x" } }'))).toBeUndefined();
    expect(indexKeyOf(revision({}, `{ owner: "${'x'.repeat(2100)}" }`))).toBeUndefined();
    expect(indexKeyOf(revision({}, '{ owner: 1.50 }'))).toEqual({ S: 'Accounts#owner#1.5' });
  });

  test('a revision whose item would exceed 400 KB is refused with OversizeError', () => {
    expect(() => planWrites(revision({}, `{ owner: "${'x'.repeat(410 * 1024)}" }`), config, now)).toThrow(OversizeError);
  });
});

describe('block summaries and control records', () => {
  const summary = (redactions: BlockSummaryRecord['redactions'] = []): BlockSummaryRecord => ({
    recordType: 'BLOCK_SUMMARY',
    stream,
    blockAddress: { strandId: 'S', sequenceNo: 12 },
    blockTimestamp: '2024-06-01T00:00:04.000Z',
    blockTimestampMs: Date.parse('2024-06-01T00:00:04.000Z'),
    redactions,
  });

  test('a block advances the progress item, guarded by its sequence number, with the lag', () => {
    expect(planWrites(summary(), config, now)).toEqual([
      {
        kind: 'advance-progress',
        key: { pk: { S: 'PROGRESS' }, sk: { S: 'ledger' } },
        set: {
          lastBlockSequenceNo: { N: '12' },
          lastBlockTimestamp: { S: '2024-06-01T00:00:04.000Z' },
          lagMs: { N: '6000' },
          projectedAt: { S: now.toISOString() },
          streamId: { S: 'S1' },
        },
        setIfAbsent: {},
        blockSequenceNo: 12,
      },
    ]);
  });

  test('redactionInfo: the history item becomes redacted (created if absent), then the current item if it holds that version', () => {
    const ref = { blockAddress: { strandId: 'S', sequenceNo: 3 }, tableId: 'T1', documentId: 'D1', version: 1, tableName: 'Accounts' };
    const [, history, current] = planWrites(summary([ref]), config, now) as [WriteIntent, Redact, Redact];
    expect(history).toMatchObject({ kind: 'redact', key: key('V#0000000001'), remove: ['data'], set: { redacted: { BOOL: true }, version: { N: '1' }, tableName: { S: 'Accounts' } } });
    expect(history.ifVersion).toBeUndefined();
    expect(current).toMatchObject({ kind: 'redact', key: key('CURRENT'), ifVersion: 1, remove: ['data', 'indexKey'] });
    expect(planWrites(summary([{ ...ref, tableName: 'Audit' }]), config, now)).toHaveLength(1);
    expect(planWrites(summary([{ ...ref, tableName: undefined }]), config, now)).toHaveLength(3);
  });

  test('CONTROL records set streamCreatedAt / streamCompletedAt once', () => {
    expect(planWrites({ recordType: 'CONTROL', stream, controlRecordType: 'CREATED' }, config, now)).toEqual([
      { kind: 'advance-progress', key: { pk: { S: 'PROGRESS' }, sk: { S: 'ledger' } }, set: { streamId: { S: 'S1' } }, setIfAbsent: { streamCreatedAt: { S: now.toISOString() } } },
    ]);
    expect(planWrites({ recordType: 'CONTROL', stream, controlRecordType: 'COMPLETED' }, config, now)[0]).toMatchObject({ setIfAbsent: { streamCompletedAt: expect.anything() } });
  });
});

describe('quarantine', () => {
  const kinesisRecord = (data: Uint8Array): KinesisStreamRecord => ({
    kinesis: { kinesisSchemaVersion: '1.0', partitionKey: 'pk', sequenceNumber: '4960', data: Buffer.from(data).toString('base64'), approximateArrivalTimestamp: 1717200000.5 },
    eventSource: 'aws:kinesis',
    eventVersion: '1.0',
    eventID: 'shardId-000000000003:4960',
    eventName: 'aws:kinesis:record',
    invokeIdentityArn: 'arn:aws:iam::000000000000:role/p',
    awsRegion: 'us-east-1',
    eventSourceARN: 'arn:aws:kinesis:us-east-1:000000000000:stream/j',
  });
  const quarantined = (data: Uint8Array) => {
    const writes = projectKinesisRecord(kinesisRecord(data), config, now);
    expect(writes).toHaveLength(1);
    expect(writes[0].intents).toHaveLength(1);
    const [intent] = writes[0].intents;
    if (intent.kind !== 'quarantine') throw new Error(`expected a quarantine write, got ${intent.kind}`);
    return intent.item;
  };

  test('an undecodable record is kept byte for byte with where it came from', () => {
    const raw = Buffer.from('not ion at all');
    expect(quarantined(raw)).toEqual({
      position: { S: 'shardId-000000000003:4960#0' },
      raw: { B: raw },
      reason: { S: 'undecodable' },
      detail: { S: expect.any(String) },
      eventSourceARN: { S: 'arn:aws:kinesis:us-east-1:000000000000:stream/j' },
      shardId: { S: 'shardId-000000000003' },
      sequenceNumber: { S: '4960' },
      subSequenceNumber: { N: '0' },
      approximateArrivalTimestamp: { N: '1717200000.5' },
      quarantinedAt: { S: now.toISOString() },
    });
  });

  test('unknown shapes and values DynamoDB cannot nest are unknown-shape; a too-large revision is oversize', () => {
    const model = { streamArn: stream.streamArn };
    expect(quarantined(envelope(model, 'NEW_TYPE', () => undefined)).reason).toEqual({ S: 'unknown-shape' });
    const deep = revisionEnvelope(`{ owner: "a", deep: ${'['.repeat(40)}${']'.repeat(40)} }`);
    expect(quarantined(deep).reason).toEqual({ S: 'unknown-shape' });
    const big = revisionEnvelope(`{ owner: "${'y'.repeat(401 * 1024)}" }`);
    const item = quarantined(big);
    expect(item.reason).toEqual({ S: 'oversize' });
    // Compared as Buffers: jest's element-wise diff of 350 KB arrays takes seconds.
    expect(Buffer.from((item.raw as { B: Uint8Array }).B).equals(Buffer.from(big).subarray(0, MAX_QUARANTINED_RAW_BYTES))).toBe(true);
    expect(item).toMatchObject({ rawTruncated: { BOOL: true }, rawSize: { N: String(big.length) } });
  });
});

function revisionEnvelope(data: string): Uint8Array {
  return envelope({ streamArn: stream.streamArn }, 'REVISION_DETAILS', (w) => {
    const struct = (body: () => void) => {
      w.stepIn(load('{}')!.getType());
      body();
      w.stepOut();
    };
    w.writeFieldName('tableInfo');
    struct(() => {
      w.writeFieldName('tableName');
      w.writeString('Accounts');
      w.writeFieldName('tableId');
      w.writeString('T1');
    });
    w.writeFieldName('revision');
    struct(() => {
      w.writeFieldName('blockAddress');
      struct(() => {
        w.writeFieldName('strandId');
        w.writeString('S');
        w.writeFieldName('sequenceNo');
        w.writeInt(1);
      });
      w.writeFieldName('hash');
      w.writeBlob(hash);
      w.writeFieldName('data');
      load(data)!.writeTo(w);
      w.writeFieldName('metadata');
      struct(() => {
        w.writeFieldName('id');
        w.writeString('D9');
        w.writeFieldName('version');
        w.writeInt(0);
        w.writeFieldName('txTime');
        load('2024-06-01T00:00:00.000Z')!.writeTo(w);
        w.writeFieldName('txId');
        w.writeString('X9');
      });
    });
  });
}
