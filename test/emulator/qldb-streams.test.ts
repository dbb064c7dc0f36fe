import { CreateStreamCommand, DescribeStreamSummaryCommand, KinesisClient } from '@aws-sdk/client-kinesis';
import {
  CancelJournalKinesisStreamCommand,
  DeleteLedgerCommand,
  DescribeJournalKinesisStreamCommand,
  GetBlockCommand,
  GetDigestCommand,
  GetRevisionCommand,
  ListJournalKinesisStreamsForLedgerCommand,
  QLDBClient,
  StreamJournalToKinesisCommand,
  type StreamJournalToKinesisCommandInput,
} from '@aws-sdk/client-qldb';
import type { QldbDriver } from 'amazon-qldb-driver-nodejs';
import { type dom, dumpText, load } from 'ion-js';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { qldbStream } from '../../runtime/bootstrap/handlers/qldb-stream';
import { deployContext } from '../../runtime/bootstrap/resource-handler';
import { rootPrincipal } from '../../runtime/identity/principal';
import { blockSequenceNos, controlRecordsOf, type DeliveredRecord, readJournalStream, waitForJournalRecords } from '../helpers/qldb-stream';
import { createLedger, qldbDriver } from '../helpers/qldb';
import { clientConfig, failure, useRuntime, withRuntime } from '../helpers/runtime';
import { tempDataDir } from '../helpers/temp-data-dir';

/**
 * Journal streaming end to end: the ledger is written with the real QLDB driver, streams are managed
 * with @aws-sdk/client-qldb, and what reaches Kinesis is read back with @aws-sdk/client-kinesis from
 * every shard, de-aggregated with aws-kinesis-agg and decoded with ion-js, then checked field by field
 * against GetBlock and GetRevision (docs/qldb-streams.md).
 */
jest.setTimeout(120_000);

const STREAM_OPTIONS = { qldbStreams: { pollIntervalMs: 20, impairedRetryMs: 50, retryBaseMs: 20, retryMaxMs: 200 } };
const ROLE = 'journal-stream';
const LEDGER = 'streamed';
const EPOCH_2020 = new Date('2020-01-01T00:00:00Z');

const dataDir = tempDataDir('streams');
const env = useRuntime({ dataDir, ...STREAM_OPTIONS });
let driver: QldbDriver;
env.onStop(() => driver?.close());

const text = (v: dom.Value | null | undefined) => v?.stringValue() ?? undefined;
const roleArn = (name = ROLE) => `arn:aws:iam::${env.runtime.account}:role/${name}`;
const kinesisArn = (name: string) => `arn:aws:kinesis:${env.runtime.region}:${env.runtime.account}:stream/${name}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function putStreamRole(name: string, actions = ['kinesis:PutRecord', 'kinesis:PutRecords', 'kinesis:DescribeStream', 'kinesis:ListShards'], trusted = 'qldb.amazonaws.com') {
  env.runtime.identity.putRole(name, { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: trusted }, Action: 'sts:AssumeRole' }] });
  env.runtime.identity.putRolePolicy(name, 'kinesis', {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: actions, Resource: `arn:aws:kinesis:${env.runtime.region}:${env.runtime.account}:stream/*` }],
  });
}

async function createKinesisStream(name: string, shards = 1): Promise<void> {
  await env.clients.kinesis.send(new CreateStreamCommand({ StreamName: name, ShardCount: shards }));
  for (;;) {
    const { StreamDescriptionSummary } = await env.clients.kinesis.send(new DescribeStreamSummaryCommand({ StreamName: name }));
    if (StreamDescriptionSummary!.StreamStatus === 'ACTIVE') return;
    await sleep(20);
  }
}

const streamInput = (overrides: Partial<StreamJournalToKinesisCommandInput> & { kinesisStream?: string } = {}): StreamJournalToKinesisCommandInput => {
  const { kinesisStream = 'journal', ...rest } = overrides;
  return {
    LedgerName: LEDGER,
    StreamName: 'to-kinesis',
    RoleArn: roleArn(),
    InclusiveStartTime: EPOCH_2020,
    KinesisConfiguration: { StreamArn: kinesisArn(kinesisStream) },
    ...rest,
  };
};

const startStream = async (overrides: Parameters<typeof streamInput>[0] = {}) => (await env.clients.qldb.send(new StreamJournalToKinesisCommand(streamInput(overrides)))).StreamId!;

const streamDescription = async (streamId: string, ledger = LEDGER) => (await env.clients.qldb.send(new DescribeJournalKinesisStreamCommand({ LedgerName: ledger, StreamId: streamId }))).Stream!;

async function waitForStatus(streamId: string, status: string, ledger = LEDGER): Promise<void> {
  const deadline = Date.now() + 15_000;
  while ((await streamDescription(streamId, ledger)).Status !== status) {
    if (Date.now() > deadline) throw new Error(`stream ${streamId} never became ${status}`);
    await sleep(20);
  }
}

/** The latest committed block's sequenceNo, from GetDigest. */
async function tipOf(ledger = LEDGER): Promise<number> {
  const { DigestTipAddress } = await env.clients.qldb.send(new GetDigestCommand({ Name: ledger }));
  return load(DigestTipAddress!.IonText!)!.get('sequenceNo')!.numberValue()!;
}

const hasAllBlocks = (tip: number) => (records: DeliveredRecord[]) => {
  const seen = new Set(blockSequenceNos(records));
  return Array.from({ length: tip + 1 }, (_, i) => i).every((n) => seen.has(n));
};

const blockAddressText = (payload: dom.Value) => dumpText(payload.get('blockAddress'));

beforeAll(async () => {
  putStreamRole(ROLE);
  await createLedger(env.runtime, LEDGER);
  driver = qldbDriver(env.runtime, LEDGER);
  await createKinesisStream('journal', 2);
  await createKinesisStream('journal-plain', 1);
});

describe('StreamJournalToKinesis validations', () => {
  const refused = async (overrides: Parameters<typeof streamInput>[0], name = 'InvalidParameterException', status = 400) => {
    const result = await failure(env.clients.qldb.send(new StreamJournalToKinesisCommand(streamInput(overrides))));
    expect({ name: result.name, status: result.status }).toEqual({ name, status });
    return result.message;
  };

  it('refuses malformed input with InvalidParameterException and the constraint that failed', async () => {
    expect(await refused({ StreamName: '-bad-' })).toMatch(/streamName.*regular expression/);
    expect(await refused({ StreamName: 'x'.repeat(33) })).toMatch(/streamName.*length less than or equal to 32/);
    expect(await refused({ RoleArn: 'arn:short' })).toMatch(/roleArn.*length greater than or equal to 20/);
    expect(await refused({ InclusiveStartTime: undefined })).toMatch(/inclusiveStartTime.*must not be null/);
    expect(await refused({ KinesisConfiguration: undefined })).toMatch(/kinesisConfiguration.*must not be null/);
  });

  it('refuses a start in the future and an end that is not after the start', async () => {
    expect(await refused({ InclusiveStartTime: new Date(Date.now() + 3_600_000) })).toBe('The InclusiveStartTime cannot be in the future');
    const start = new Date(Date.now() - 60_000);
    expect(await refused({ InclusiveStartTime: start, ExclusiveEndTime: start })).toBe('The ExclusiveEndTime must be after the InclusiveStartTime');
  });

  it('refuses a destination that is not a Kinesis stream of the account and Region', async () => {
    expect(await refused({ KinesisConfiguration: { StreamArn: `arn:aws:sqs:${env.runtime.region}:${env.runtime.account}:queue` } })).toMatch(/is not a Kinesis data stream ARN/);
    expect(await refused({ KinesisConfiguration: { StreamArn: `arn:aws:kinesis:eu-west-1:${env.runtime.account}:stream/journal` } })).toMatch(/must be in the ledger's account/);
  });

  it('refuses a role QLDB cannot assume or that may not write to the stream, naming the problem', async () => {
    expect(await refused({ RoleArn: `arn:aws:iam::${env.runtime.account}:user/someone` })).toMatch(/is not an IAM role ARN/);
    expect(await refused({ RoleArn: roleArn('no-such-role') })).toMatch(/does not exist/);
    putStreamRole('trusts-lambda', undefined, 'lambda.amazonaws.com');
    expect(await refused({ RoleArn: roleArn('trusts-lambda') })).toMatch(/its trust policy must allow qldb\.amazonaws\.com/);
    putStreamRole('put-only', ['kinesis:PutRecord', 'kinesis:PutRecords']);
    expect(await refused({ RoleArn: roleArn('put-only') })).toMatch(/not allowed to perform kinesis:DescribeStream, kinesis:ListShards on/);
  });

  it('answers an unknown ledger with ResourceNotFoundException (404)', async () => {
    expect(await refused({ LedgerName: 'no-such-ledger' }, 'ResourceNotFoundException', 404)).toBe('The ledger with name no-such-ledger does not exist');
  });
});

describe('Describe, List and Cancel validations', () => {
  it('refuses a malformed StreamId and answers an unknown one with ResourceNotFoundException', async () => {
    const malformed = await failure(env.clients.qldb.send(new DescribeJournalKinesisStreamCommand({ LedgerName: LEDGER, StreamId: 'short' })));
    expect(malformed).toMatchObject({ name: 'InvalidParameterException', status: 400 });
    expect(malformed.message).toMatch(/streamId.*length greater than or equal to 22/);
    const unknown = await failure(env.clients.qldb.send(new DescribeJournalKinesisStreamCommand({ LedgerName: LEDGER, StreamId: 'A'.repeat(22) })));
    expect(unknown).toEqual({ name: 'ResourceNotFoundException', status: 404, message: `The stream with ID ${'A'.repeat(22)} does not exist in ledger ${LEDGER}` });
    expect(await failure(env.clients.qldb.send(new CancelJournalKinesisStreamCommand({ LedgerName: LEDGER, StreamId: 'A'.repeat(22) })))).toMatchObject({ name: 'ResourceNotFoundException' });
    expect(await failure(env.clients.qldb.send(new ListJournalKinesisStreamsForLedgerCommand({ LedgerName: 'no-such-ledger' })))).toMatchObject({ name: 'ResourceNotFoundException', status: 404 });
  });

  it('refuses MaxResults out of range and a NextToken it did not issue', async () => {
    expect(await failure(env.clients.qldb.send(new ListJournalKinesisStreamsForLedgerCommand({ LedgerName: LEDGER, MaxResults: 0 })))).toMatchObject({ name: 'InvalidParameterException' });
    expect(await failure(env.clients.qldb.send(new ListJournalKinesisStreamsForLedgerCommand({ LedgerName: LEDGER, NextToken: 'bm90LWEtdG9rZW4=' })))).toMatchObject({
      name: 'InvalidParameterException',
      message: 'The NextToken is not valid',
    });
  });
});

describe('what reaches Kinesis', () => {
  let streamId: string;
  let records: DeliveredRecord[];
  let tableId: string;
  let redactedDocumentId: string;

  beforeAll(async () => {
    await driver.executeLambda((txn) => txn.execute('CREATE TABLE Person'));
    const ids = await driver.executeLambda(async (txn) => {
      const out: string[] = [];
      for (const person of [{ name: 'Ada', age: 36 }, { name: 'Bob', age: 41 }, { name: 'Cy', age: 28 }]) {
        out.push(text((await txn.execute('INSERT INTO Person ?', person)).getResultList()[0]!.get('documentId'))!);
      }
      return out;
    });
    await driver.executeLambda((txn) => txn.execute("UPDATE Person AS p SET p.age = 37 WHERE p.name = 'Ada'"));
    await driver.executeLambda((txn) => txn.execute("DELETE FROM Person AS p WHERE p.name = 'Cy'"));
    await driver.executeLambda((txn) => txn.execute('SELECT * FROM Person'));
    tableId = text((await driver.executeLambda((txn) => txn.execute("SELECT VALUE t.tableId FROM information_schema.user_tables AS t WHERE t.name = 'Person'"))).getResultList()[0])!;
    redactedDocumentId = ids[0]!;
    const [first] = (await driver.executeLambda((txn) => txn.execute('SELECT * FROM history(Person) AS h WHERE h.metadata.id = ?', redactedDocumentId))).getResultList();
    await driver.executeLambda((txn) => txn.execute('EXEC REDACT_REVISION ?, ?, ?', first!.get('blockAddress'), tableId, redactedDocumentId));

    streamId = await startStream();
    const tip = await tipOf();
    records = await waitForJournalRecords(env.clients.kinesis, 'journal', hasAllBlocks(tip));
  });

  it('creates an ACTIVE stream and describes it with the request, the ARN and a 22-character id', async () => {
    expect(streamId).toMatch(/^[A-Za-z0-9]{22}$/);
    const stream = await streamDescription(streamId);
    const ledgerCreated = (await env.clients.qldb.send(new ListJournalKinesisStreamsForLedgerCommand({ LedgerName: LEDGER }))).Streams!;
    expect(ledgerCreated.map((s) => s.StreamId)).toContain(streamId);
    expect(stream).toMatchObject({
      LedgerName: LEDGER,
      StreamName: 'to-kinesis',
      StreamId: streamId,
      Arn: `arn:aws:qldb:${env.runtime.region}:${env.runtime.account}:stream/${LEDGER}/${streamId}`,
      RoleArn: roleArn(),
      Status: 'ACTIVE',
      KinesisConfiguration: { StreamArn: kinesisArn('journal'), AggregationEnabled: true },
    });
    expect(stream.ErrorCause).toBeUndefined();
    // A start before the ledger existed is the ledger's creation.
    expect(stream.InclusiveStartTime!.getTime()).toBeGreaterThan(EPOCH_2020.getTime());
    expect(stream.InclusiveStartTime!.getTime()).toBeLessThanOrEqual(stream.CreationTime!.getTime());
  });

  it('writes KPL-aggregated records, every one naming the stream', async () => {
    const arn = (await streamDescription(streamId)).Arn!;
    expect(records.every((r) => r.qldbStreamArn === arn)).toBe(true);
    expect(records.every((r) => r.aggregated)).toBe(true);
    expect(records.some((r) => r.carriedWith > 1)).toBe(true);
  });

  it('starts with CONTROL CREATED, alone in the first Kinesis record, and writes no COMPLETED', () => {
    expect(controlRecordsOf(records)).toEqual(['CREATED']);
    const created = records.find((r) => r.recordType === 'CONTROL')!;
    expect(created.carriedWith).toBe(1);
    expect(records.every((r) => r.arrival.getTime() >= created.arrival.getTime())).toBe(true);
  });

  it('sends every block once as BLOCK_SUMMARY, equal field by field to GetBlock', async () => {
    const summaries = records.filter((r) => r.recordType === 'BLOCK_SUMMARY');
    const sequenceNos = blockSequenceNos(records);
    expect([...sequenceNos].sort((a, b) => a - b)).toEqual(Array.from({ length: sequenceNos.length }, (_, i) => i));
    expect(sequenceNos.length).toBe((await tipOf()) + 1);
    for (const { payload } of summaries) {
      const { Block } = await env.clients.qldb.send(new GetBlockCommand({ Name: LEDGER, BlockAddress: { IonText: blockAddressText(payload) } }));
      const block = load(Block!.IonText!)!;
      const blockFields = block.fieldNames().filter((f) => f !== 'revisions');
      const summaryFields = payload.fieldNames();
      expect(summaryFields.filter((f) => f !== 'revisionSummaries')).toEqual(blockFields);
      for (const field of blockFields) expect(dumpText(payload.get(field))).toBe(dumpText(block.get(field)));
      const revisions = block.get('revisions')?.elements() ?? [];
      if (revisions.length === 0) {
        expect(summaryFields).not.toContain('revisionSummaries');
        continue;
      }
      const revisionSummaries = payload.get('revisionSummaries')!.elements();
      expect(revisionSummaries.map((s) => dumpText(s.get('hash')))).toEqual(revisions.map((r) => dumpText(r.get('hash'))));
      expect(revisionSummaries.map((s) => text(s.get('documentId')))).toEqual(revisions.map((r) => text(r.get('metadata', 'id'))));
    }
  });

  it('shows the read-only block without documents or revisionSummaries, the DDL block with hash-only summaries, the redaction with redactionInfo', () => {
    const payloads = records.filter((r) => r.recordType === 'BLOCK_SUMMARY').map((r) => r.payload);
    const statementsOf = (p: dom.Value) => p.get('transactionInfo', 'statements')!.elements().map((s) => text(s.get('statement')));
    const readOnly = payloads.find((p) => statementsOf(p)[0] === 'SELECT * FROM Person')!;
    expect(readOnly.fieldNames()).not.toContain('revisionSummaries');
    expect(readOnly.get('transactionInfo')!.fieldNames()).toEqual(['statements']);
    const ddl = payloads.find((p) => statementsOf(p)[0] === 'CREATE TABLE Person')!;
    expect(ddl.get('revisionSummaries')!.elements().map((s) => s.fieldNames())).toEqual([['hash']]);
    const redaction = payloads.find((p) => p.fieldNames().includes('redactionInfo'))!;
    expect(text(redaction.get('redactionInfo', 'revisions')!.elements()[0]!.get('documentId'))).toBe(redactedDocumentId);
  });

  it('sends one REVISION_DETAILS per user revision, equal to GetRevision, redacted and deleted ones included', async () => {
    const details = records.filter((r) => r.recordType === 'REVISION_DETAILS');
    // 3 inserts, 1 update, 1 delete.
    expect(details).toHaveLength(5);
    for (const { payload } of details) {
      expect(dumpText(payload.get('tableInfo'))).toBe(`{tableName:"Person",tableId:"${tableId}"}`);
      const revision = payload.get('revision')!;
      const { Revision } = await env.clients.qldb.send(
        new GetRevisionCommand({ Name: LEDGER, BlockAddress: { IonText: blockAddressText(revision) }, DocumentId: text(revision.get('metadata', 'id'))! }),
      );
      expect(dumpText(revision)).toBe(dumpText(load(Revision!.IonText!)));
    }
    const shapes = details.map((d) => d.payload.get('revision')!.fieldNames().join(','));
    expect(shapes.filter((s) => s === 'blockAddress,hash,dataHash,metadata')).toHaveLength(1);
    expect(shapes.filter((s) => s === 'blockAddress,hash,metadata')).toHaveLength(1);
    const redacted = details.find((d) => d.payload.get('revision')!.fieldNames().includes('dataHash'))!;
    expect(text(redacted.payload.get('revision', 'metadata', 'id'))).toBe(redactedDocumentId);
  });

  it('follows new commits', async () => {
    await driver.executeLambda((txn) => txn.execute('INSERT INTO Person ?', { name: 'Dee', age: 50 }));
    const tip = await tipOf();
    const after = await waitForJournalRecords(env.clients.kinesis, 'journal', hasAllBlocks(tip));
    const newest = after.filter((r) => r.recordType === 'REVISION_DETAILS').map((r) => text(r.payload.get('revision', 'data', 'name')));
    expect(newest).toContain('Dee');
  });

  it('sends one stream record per Kinesis record without aggregation, and COMPLETED at ExclusiveEndTime', async () => {
    const blocks = (await readJournalStream(env.clients.kinesis, 'journal')).filter((r) => r.recordType === 'BLOCK_SUMMARY');
    const timeOf = (r: DeliveredRecord) => r.payload.get('blockTimestamp')!.timestampValue()!.getDate().getTime();
    const third = blocks.find((r) => r.payload.get('blockAddress', 'sequenceNo')!.numberValue() === 3)!;
    const end = new Date(timeOf(third));
    const before = blockSequenceNos(blocks.filter((r) => timeOf(r) < end.getTime()));
    const plainId = await startStream({
      StreamName: 'plain',
      kinesisStream: 'journal-plain',
      ExclusiveEndTime: end,
      KinesisConfiguration: { StreamArn: kinesisArn('journal-plain'), AggregationEnabled: false },
    });
    await waitForStatus(plainId, 'COMPLETED');
    const plain = await readJournalStream(env.clients.kinesis, 'journal-plain');
    expect(plain.every((r) => !r.aggregated && r.carriedWith === 1)).toBe(true);
    expect(controlRecordsOf(plain)).toEqual(['CREATED', 'COMPLETED']);
    expect(plain[0]!.recordType).toBe('CONTROL');
    expect(plain[plain.length - 1]!.payload.get('controlRecordType')!.stringValue()).toBe('COMPLETED');
    expect(blockSequenceNos(plain)).toEqual(before.sort((a, b) => a - b));
    expect(before.length).toBeGreaterThan(0);
    const described = await streamDescription(plainId);
    expect(described).toMatchObject({ Status: 'COMPLETED', KinesisConfiguration: { AggregationEnabled: false } });
    expect(described.ExclusiveEndTime!.getTime()).toBe(end.getTime());
    expect(await failure(env.clients.qldb.send(new CancelJournalKinesisStreamCommand({ LedgerName: LEDGER, StreamId: plainId })))).toMatchObject({
      name: 'ResourcePreconditionNotMetException',
      status: 412,
    });
  });
});

describe('stream life cycle', () => {
  const LIFE = 'lifecycle';
  let lifeDriver: QldbDriver;

  beforeAll(async () => {
    await createLedger(env.runtime, LIFE);
    lifeDriver = qldbDriver(env.runtime, LIFE);
    await lifeDriver.executeLambda((txn) => txn.execute('CREATE TABLE Thing'));
  });

  afterAll(() => lifeDriver.close());

  it('cancels an ACTIVE stream: CANCELED, no COMPLETED record, and no second cancel', async () => {
    await createKinesisStream('cancel-me');
    const streamId = await startStream({ LedgerName: LIFE, StreamName: 'cancel-me', kinesisStream: 'cancel-me' });
    await waitForJournalRecords(env.clients.kinesis, 'cancel-me', hasAllBlocks(await tipOf(LIFE)));
    const out = await env.clients.qldb.send(new CancelJournalKinesisStreamCommand({ LedgerName: LIFE, StreamId: streamId }));
    expect(out.StreamId).toBe(streamId);
    expect(await streamDescription(streamId, LIFE)).toMatchObject({ Status: 'CANCELED' });
    await lifeDriver.executeLambda((txn) => txn.execute('INSERT INTO Thing ?', { after: 'cancel' }));
    await sleep(200);
    const records = await readJournalStream(env.clients.kinesis, 'cancel-me');
    expect(controlRecordsOf(records)).toEqual(['CREATED']);
    expect(blockSequenceNos(records)).not.toContain(await tipOf(LIFE));
    expect(await failure(env.clients.qldb.send(new CancelJournalKinesisStreamCommand({ LedgerName: LIFE, StreamId: streamId })))).toMatchObject({
      name: 'ResourcePreconditionNotMetException',
      status: 412,
    });
  });

  it('is IMPAIRED with KINESIS_STREAM_NOT_FOUND until the Kinesis stream exists, then delivers everything', async () => {
    const streamId = await startStream({ LedgerName: LIFE, StreamName: 'waits-for-kinesis', kinesisStream: 'created-later' });
    await waitForStatus(streamId, 'IMPAIRED', LIFE);
    expect((await streamDescription(streamId, LIFE)).ErrorCause).toBe('KINESIS_STREAM_NOT_FOUND');
    await createKinesisStream('created-later');
    await waitForStatus(streamId, 'ACTIVE', LIFE);
    expect((await streamDescription(streamId, LIFE)).ErrorCause).toBeUndefined();
    const records = await waitForJournalRecords(env.clients.kinesis, 'created-later', hasAllBlocks(await tipOf(LIFE)));
    expect(controlRecordsOf(records)[0]).toBe('CREATED');
  });

  it('is IMPAIRED with IAM_PERMISSION_REVOKED once the role loses its Kinesis permissions, and recovers when they are back', async () => {
    putStreamRole('revocable');
    await createKinesisStream('revocable');
    const streamId = await startStream({ LedgerName: LIFE, StreamName: 'revocable', RoleArn: roleArn('revocable'), kinesisStream: 'revocable' });
    await waitForJournalRecords(env.clients.kinesis, 'revocable', hasAllBlocks(await tipOf(LIFE)));
    env.runtime.identity.deleteRolePolicy('revocable', 'kinesis');
    await lifeDriver.executeLambda((txn) => txn.execute('INSERT INTO Thing ?', { during: 'revocation' }));
    await waitForStatus(streamId, 'IMPAIRED', LIFE);
    expect((await streamDescription(streamId, LIFE)).ErrorCause).toBe('IAM_PERMISSION_REVOKED');
    putStreamRole('revocable');
    await waitForStatus(streamId, 'ACTIVE', LIFE);
    await waitForJournalRecords(env.clients.kinesis, 'revocable', hasAllBlocks(await tipOf(LIFE)));
  });

  it('keeps stream names unique among active streams and allows at most 5 active streams per ledger', async () => {
    const active = (await env.clients.qldb.send(new ListJournalKinesisStreamsForLedgerCommand({ LedgerName: LIFE }))).Streams!.filter((s) => s.Status === 'ACTIVE' || s.Status === 'IMPAIRED');
    expect(await failure(env.clients.qldb.send(new StreamJournalToKinesisCommand(streamInput({ LedgerName: LIFE, StreamName: active[0]!.StreamName }))))).toMatchObject({
      name: 'InvalidParameterException',
      message: `Ledger ${LIFE} already has an active stream named ${active[0]!.StreamName}`,
    });
    // The canceled stream's name is free again.
    const reused = await startStream({ LedgerName: LIFE, StreamName: 'cancel-me', kinesisStream: 'cancel-me' });
    for (let i = active.length + 1; i < 5; i++) await startStream({ LedgerName: LIFE, StreamName: `extra-${i}`, kinesisStream: 'cancel-me' });
    const sixth = await failure(env.clients.qldb.send(new StreamJournalToKinesisCommand(streamInput({ LedgerName: LIFE, StreamName: 'sixth', kinesisStream: 'cancel-me' }))));
    expect(sixth).toEqual({ name: 'LimitExceededException', status: 400, message: `Exceeded the limit of 5 active journal streams for ledger ${LIFE}` });
    await env.clients.qldb.send(new CancelJournalKinesisStreamCommand({ LedgerName: LIFE, StreamId: reused }));
    await startStream({ LedgerName: LIFE, StreamName: 'sixth', kinesisStream: 'cancel-me' });
  });

  it('lists every stream of the ledger, terminal ones included, page by page', async () => {
    const all = (await env.clients.qldb.send(new ListJournalKinesisStreamsForLedgerCommand({ LedgerName: LIFE }))).Streams!;
    expect(all.length).toBe(7);
    expect(all.filter((s) => s.Status === 'CANCELED')).toHaveLength(2);
    const paged: string[] = [];
    let NextToken: string | undefined;
    do {
      const page = await env.clients.qldb.send(new ListJournalKinesisStreamsForLedgerCommand({ LedgerName: LIFE, MaxResults: 3, NextToken }));
      expect(page.Streams!.length).toBeLessThanOrEqual(3);
      paged.push(...page.Streams!.map((s) => s.StreamId!));
      NextToken = page.NextToken;
    } while (NextToken);
    expect(paged).toEqual(all.map((s) => s.StreamId));
    expect(all.every((s) => s.LedgerName === LIFE && s.Arn!.endsWith(`/${LIFE}/${s.StreamId}`))).toBe(true);
  });

  it('goes with its ledger: a deleted ledger has no streams, and a new ledger of the same name starts with none', async () => {
    await env.clients.qldb.send(new DeleteLedgerCommand({ Name: LIFE }));
    expect(await failure(env.clients.qldb.send(new ListJournalKinesisStreamsForLedgerCommand({ LedgerName: LIFE })))).toMatchObject({ name: 'ResourceNotFoundException' });
    await createLedger(env.runtime, LIFE);
    expect((await env.clients.qldb.send(new ListJournalKinesisStreamsForLedgerCommand({ LedgerName: LIFE }))).Streams).toEqual([]);
  });
});

describe('durability', () => {
  const DURABLE = 'durable';

  it('resumes after a restart on the same data directory with no block skipped', async () => {
    await createLedger(env.runtime, DURABLE);
    let durableDriver = qldbDriver(env.runtime, DURABLE);
    await durableDriver.executeLambda((txn) => txn.execute('CREATE TABLE Item'));
    await createKinesisStream('durable', 2);
    const streamId = await startStream({ LedgerName: DURABLE, StreamName: 'durable', kinesisStream: 'durable' });
    for (let i = 0; i < 5; i++) await durableDriver.executeLambda((txn) => txn.execute('INSERT INTO Item ?', { i }));
    await waitForJournalRecords(env.clients.kinesis, 'durable', hasAllBlocks(await tipOf(DURABLE)));
    const delivered = await tipOf(DURABLE);
    // Kinesis refuses everything from now on, so these commits are still undelivered when the runtime stops.
    env.runtime.faults.add({ service: 'kinesis', operation: 'PutRecords', errorCode: 'ProvisionedThroughputExceededException', message: 'Rate exceeded for shard' });
    for (let i = 5; i < 10; i++) await durableDriver.executeLambda((txn) => txn.execute('INSERT INTO Item ?', { i }));
    await sleep(100);
    durableDriver.close();
    await env.restart({}, () => {
      const saved = join(dataDir, 'state', 'qldb-streams.json');
      expect(existsSync(saved)).toBe(true);
      const progress = JSON.parse(readFileSync(saved, 'utf8')).data.find((s: { streamId: string }) => s.streamId === streamId).progress;
      expect(progress).toEqual({ createdSent: true, nextSequenceNo: delivered + 1 });
    });
    driver = qldbDriver(env.runtime, LEDGER);
    durableDriver = qldbDriver(env.runtime, DURABLE);
    expect(await streamDescription(streamId, DURABLE)).toMatchObject({ Status: 'ACTIVE', StreamName: 'durable' });
    for (let i = 10; i < 12; i++) await durableDriver.executeLambda((txn) => txn.execute('INSERT INTO Item ?', { i }));
    const tip = await tipOf(DURABLE);
    const records = await waitForJournalRecords(env.clients.kinesis, 'durable', hasAllBlocks(tip));
    // Resumed from the checkpoint: nothing skipped, and nothing acknowledged before the stop sent again.
    expect(blockSequenceNos(records).sort((a, b) => a - b)).toEqual(Array.from({ length: tip + 1 }, (_, i) => i));
    const items = records.filter((r) => r.recordType === 'REVISION_DETAILS').map((r) => r.payload.get('revision', 'data', 'i')!.numberValue());
    expect(items.sort((a, b) => a! - b!)).toEqual(Array.from({ length: 12 }, (_, i) => i));
    expect(controlRecordsOf(records)).toEqual(['CREATED']);
    durableDriver.close();
  });
});

describe('bootstrap: AWS::QLDB::Stream', () => {
  const template = (streamProps: Record<string, unknown> = {}) => ({
    Resources: {
      Ledger: { Type: 'AWS::QLDB::Ledger', Properties: { Name: 'boot-ledger', PermissionsMode: 'STANDARD', DeletionProtection: false } },
      Journal: { Type: 'AWS::Kinesis::Stream', Properties: { Name: 'boot-journal', ShardCount: 1 } },
      Role: {
        Type: 'AWS::IAM::Role',
        Properties: {
          RoleName: 'boot-stream',
          AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'qldb.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
          Policies: [
            {
              PolicyName: 'kinesis',
              PolicyDocument: {
                Version: '2012-10-17',
                Statement: [{ Effect: 'Allow', Action: ['kinesis:PutRecord', 'kinesis:PutRecords', 'kinesis:DescribeStream', 'kinesis:ListShards'], Resource: { 'Fn::GetAtt': ['Journal', 'Arn'] } }],
              },
            },
          ],
        },
      },
      Stream: {
        Type: 'AWS::QLDB::Stream',
        DependsOn: ['Role'],
        Properties: {
          LedgerName: { Ref: 'Ledger' },
          StreamName: 'boot',
          RoleArn: { 'Fn::GetAtt': ['Role', 'Arn'] },
          InclusiveStartTime: '2020-01-01T00:00:00Z',
          KinesisConfiguration: { StreamArn: { 'Fn::GetAtt': ['Journal', 'Arn'] }, AggregationEnabled: false },
          Tags: [{ Key: 'purpose', Value: 'test' }],
          ...streamProps,
        },
      },
    },
    Outputs: {
      StreamId: { Value: { Ref: 'Stream' } },
      StreamArn: { Value: { 'Fn::GetAtt': ['Stream', 'Arn'] } },
      Id: { Value: { 'Fn::GetAtt': ['Stream', 'Id'] } },
    },
  });

  it('creates the stream from the template: Ref is the stream id, GetAtt Arn and Id, and it delivers', async () => {
    const booted = await withRuntime({ stack: { name: 'streams', template: template() }, ...STREAM_OPTIONS });
    const client = new QLDBClient(clientConfig(booted));
    const bootKinesis = new KinesisClient(clientConfig(booted));
    try {
      const { StreamId, StreamArn, Id } = booted.outputs;
      expect(Id).toBe(StreamId);
      const { Stream } = await client.send(new DescribeJournalKinesisStreamCommand({ LedgerName: 'boot-ledger', StreamId }));
      expect(Stream).toMatchObject({
        Arn: StreamArn,
        StreamName: 'boot',
        RoleArn: `arn:aws:iam::${booted.account}:role/boot-stream`,
        KinesisConfiguration: { StreamArn: `arn:aws:kinesis:${booted.region}:${booted.account}:stream/boot-journal`, AggregationEnabled: false },
      });
      const bootDriver = qldbDriver(booted, 'boot-ledger');
      await bootDriver.executeLambda((txn) => txn.execute('CREATE TABLE Booted'));
      bootDriver.close();
      const records = await waitForJournalRecords(bootKinesis, 'boot-journal', (r) => blockSequenceNos(r).includes(0));
      expect(records[0]).toMatchObject({ recordType: 'CONTROL', qldbStreamArn: StreamArn });

      // Updates as a redeploy makes them: Tags alone change nothing; anything else replaces the stream.
      const ctx = deployContext({ dispatcher: booted.dispatcher, identity: booted.identity, deployer: { principal: rootPrincipal(booted.account) }, stackName: 'streams' });
      const props = {
        LedgerName: 'boot-ledger',
        StreamName: 'handler',
        RoleArn: Stream!.RoleArn,
        InclusiveStartTime: '2020-01-01T00:00:00Z',
        KinesisConfiguration: { StreamArn: Stream!.KinesisConfiguration!.StreamArn },
      };
      // As the deployment records them: with the properties they were deployed with.
      const created = { ...(await qldbStream.create({ logicalId: 'Handler', props }, ctx)), properties: props };
      expect(await qldbStream.update({ logicalId: 'Handler', props: { ...props, Tags: [{ Key: 'k', Value: 'v' }] }, previous: created }, ctx)).toBe(created);
      const replacedProps = { ...props, StreamName: 'handler-2' };
      const replaced = { ...(await qldbStream.update({ logicalId: 'Handler', props: replacedProps, previous: created }, ctx)), properties: replacedProps };
      expect(replaced.physicalId).not.toBe(created.physicalId);
      const status = async (id: string) => (await client.send(new DescribeJournalKinesisStreamCommand({ LedgerName: 'boot-ledger', StreamId: id }))).Stream!.Status;
      expect(await status(created.physicalId)).toBe('CANCELED');
      expect(await status(replaced.physicalId)).toBe('ACTIVE');
      await qldbStream.remove(replaced, ctx);
      expect(await status(replaced.physicalId)).toBe('CANCELED');
      await qldbStream.remove(replaced, ctx);
    } finally {
      client.destroy();
      bootKinesis.destroy();
      await booted.stop();
    }
  });
});
