import { ServiceError } from '../../runtime/core/errors';
import type { Caller } from '../../runtime/core/operation';
import type { Block } from '../../runtime/services/qldb/journal/block';
import { type JournalView, JournalStreamer, type KinesisSink } from '../../runtime/services/qldb/streams/journal-streamer';
import type { KinesisEntry } from '../../runtime/services/qldb/streams/kinesis-packing';
import type { StoredStream } from '../../runtime/services/qldb/streams/stream-model';
import type { RoleCheck } from '../../runtime/services/qldb/streams/stream-role';
import { ChainBuilder, documentId } from '../fixtures/qldb/journal-chain';
import { deaggregate, decodeStreamRecord, type StreamRecord } from '../helpers/qldb-stream';

const CONFIG = { pollIntervalMs: 5, retryBaseMs: 2, retryMaxMs: 10, impairedRetryMs: 10, terminalRetentionMs: 1000 };
const CALLER: Caller = { principal: { kind: 'root', account: '000000000000', arn: 'arn:aws:iam::000000000000:root' } };

/** A Kinesis stand-in with the dispatcher's `call` signature; `respond` decides each PutRecords' fate. */
class FakeKinesis implements KinesisSink {
  readonly calls: { streamName: string; entries: KinesisEntry[] }[] = [];
  readonly accepted: KinesisEntry[] = [];
  respond: (entries: KinesisEntry[], call: number) => ServiceError | boolean[] = (entries) => entries.map(() => true);

  async call<O>(service: string, operation: string, input: unknown): Promise<O> {
    expect([service, operation]).toEqual(['kinesis', 'PutRecords']);
    const { StreamName, Records } = input as { StreamName: string; Records: KinesisEntry[] };
    this.calls.push({ streamName: StreamName, entries: Records });
    const outcome = this.respond(Records, this.calls.length - 1);
    if (outcome instanceof ServiceError) throw outcome;
    Records.forEach((entry, i) => outcome[i] && this.accepted.push(entry));
    const failed = outcome.filter((ok) => !ok).length;
    return {
      FailedRecordCount: failed,
      Records: outcome.map((ok, i) => (ok ? { SequenceNumber: String(i), ShardId: 'shardId-000000000000' } : { ErrorCode: 'ProvisionedThroughputExceededException', ErrorMessage: 'Rate exceeded' })),
    } as O;
  }

  /** What a consumer would read: every accepted record, de-aggregated and decoded. */
  records(): StreamRecord[] {
    return this.accepted.flatMap((e) => deaggregate(Buffer.from(e.Data, 'base64')).map((u) => decodeStreamRecord(u.data)));
  }
}

class FakeJournal implements JournalView {
  readonly chain: Block[] = [];
  durableLength = 0;
  blocks = () => this.chain;
  get length() {
    return this.chain.length;
  }
}

function newStream(overrides: Partial<StoredStream> = {}): StoredStream {
  return {
    streamId: 'Jc8pT3yWqgyLKsWmnmzR3a',
    streamName: 'unit',
    arn: 'arn:aws:qldb:us-east-1:000000000000:stream/ledger/Jc8pT3yWqgyLKsWmnmzR3a',
    ledgerName: 'ledger',
    strandId: 'HbD9IggL584EPHmfwjmVz0',
    roleArn: 'arn:aws:iam::000000000000:role/stream',
    kinesisStreamArn: 'arn:aws:kinesis:us-east-1:000000000000:stream/journal',
    aggregationEnabled: true,
    creationTime: '2024-05-01T10:00:00.000Z',
    inclusiveStartTime: '2024-05-01T10:00:00.000Z',
    status: 'ACTIVE',
    tags: {},
    progress: { createdSent: false, nextSequenceNo: 0 },
    ...overrides,
  };
}

async function until(condition: () => boolean, what: string, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

const summaries = (records: StreamRecord[]) =>
  records.filter((r) => r.recordType === 'BLOCK_SUMMARY').map((r) => r.payload.get('blockAddress', 'sequenceNo')!.numberValue());
const controls = (records: StreamRecord[]) => records.filter((r) => r.recordType === 'CONTROL').map((r) => r.payload.get('controlRecordType')!.stringValue());

describe('JournalStreamer', () => {
  let kinesis: FakeKinesis;
  let journal: FakeJournal;
  let chain: ChainBuilder;
  let streamer: JournalStreamer | undefined;
  let saved: StoredStream[];
  let role: RoleCheck;
  let access: 'ok' | 'gone' | 'unavailable';
  let gone: number;

  const start = (stream: StoredStream, now = () => new Date('2024-05-01T11:00:00.000Z')) => {
    streamer = new JournalStreamer(stream, {
      journal: () => (access === 'ok' ? journal : access),
      role: () => role,
      kinesis,
      clock: { now },
      config: CONFIG,
      save: () => saved.push(structuredClone(stream)),
      ledgerGone: () => gone++,
    });
    return stream;
  };

  const commit = (count: number, durable = true) => {
    for (let i = 0; i < count; i++) journal.chain.push(chain.next({ writes: [{ documentId: documentId(journal.chain.length), data: `{ n: ${journal.chain.length} }` }] }));
    if (durable) journal.durableLength = journal.chain.length;
  };

  beforeEach(() => {
    kinesis = new FakeKinesis();
    journal = new FakeJournal();
    chain = new ChainBuilder();
    saved = [];
    role = { ok: true, caller: CALLER };
    access = 'ok';
    gone = 0;
  });

  afterEach(async () => {
    await streamer?.stop();
    streamer = undefined;
  });

  it('sends CONTROL CREATED alone first, then many blocks in one PutRecords, and saves progress after each acknowledgement', async () => {
    commit(30);
    const stream = start(newStream());
    await until(() => stream.progress.nextSequenceNo === 30, 'every block is sent');
    expect(kinesis.calls).toHaveLength(2);
    expect(kinesis.calls.every((c) => c.streamName === 'journal')).toBe(true);
    const records = kinesis.records();
    expect(records[0]).toMatchObject({ recordType: 'CONTROL' });
    expect(controls(records)).toEqual(['CREATED']);
    expect(summaries(records)).toEqual([...Array(30).keys()]);
    expect(records.filter((r) => r.recordType === 'REVISION_DETAILS')).toHaveLength(30);
    expect(saved.map((s) => s.progress)).toEqual([
      { createdSent: true, nextSequenceNo: 0 },
      { createdSent: true, nextSequenceNo: 30 },
    ]);
  });

  it('never sends a block that is not durable yet, and follows new commits', async () => {
    commit(2);
    commit(3, false);
    const stream = start(newStream());
    await until(() => stream.progress.nextSequenceNo === 2, 'the durable blocks are sent');
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(summaries(kinesis.records())).toEqual([0, 1]);
    journal.durableLength = 5;
    await until(() => stream.progress.nextSequenceNo === 5, 'the blocks that became durable are sent');
    commit(1);
    await until(() => stream.progress.nextSequenceNo === 6, 'a new commit is sent');
    expect(summaries(kinesis.records())).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('starts at the first block at or after InclusiveStartTime', async () => {
    commit(6);
    const stream = start(newStream({ inclusiveStartTime: journal.chain[3]!.blockTimestamp.toISOString() }));
    await until(() => stream.progress.nextSequenceNo === 6, 'the blocks are sent');
    expect(summaries(kinesis.records())).toEqual([3, 4, 5]);
  });

  it('retries only the entries Kinesis refused, with backoff, until all are in', async () => {
    commit(4);
    kinesis.respond = (entries, call) => entries.map((_, i) => (call === 0 ? false : call === 2 ? i % 2 === 1 : true));
    const stream = start(newStream({ aggregationEnabled: false }));
    await until(() => stream.progress.nextSequenceNo === 4, 'every block is sent');
    // CREATED is refused once; of the blocks' 8 records the even ones are refused once.
    expect(kinesis.calls.map((c) => c.entries.length)).toEqual([1, 1, 8, 4]);
    expect(kinesis.calls[3]!.entries).toEqual(kinesis.calls[2]!.entries.filter((_, i) => i % 2 === 0));
    expect(summaries(kinesis.records()).sort()).toEqual([0, 1, 2, 3]);
    expect(kinesis.accepted).toHaveLength(9);
  });

  it('is IMPAIRED with KINESIS_STREAM_NOT_FOUND while the Kinesis stream is missing, and ACTIVE again once it exists', async () => {
    commit(2);
    let missing = true;
    kinesis.respond = (entries) => (missing ? new ServiceError('ResourceNotFoundException', 'Stream journal under account 000000000000 not found.') : entries.map(() => true));
    const stream = start(newStream());
    await until(() => stream.status === 'IMPAIRED', 'the stream is impaired');
    expect(stream.errorCause).toBe('KINESIS_STREAM_NOT_FOUND');
    expect(stream.progress).toEqual({ createdSent: false, nextSequenceNo: 0 });
    missing = false;
    await until(() => stream.progress.nextSequenceNo === 2, 'the stream recovers');
    expect(stream.status).toBe('ACTIVE');
    expect(stream.errorCause).toBeUndefined();
    expect(controls(kinesis.records())).toEqual(['CREATED']);
  });

  it('is IMPAIRED with IAM_PERMISSION_REVOKED when the role no longer allows the writes', async () => {
    commit(1);
    role = { ok: false, problem: 'revoked' };
    const stream = start(newStream());
    await until(() => stream.status === 'IMPAIRED', 'the stream is impaired');
    expect(stream.errorCause).toBe('IAM_PERMISSION_REVOKED');
    expect(kinesis.calls).toHaveLength(0);
    role = { ok: true, caller: CALLER };
    await until(() => stream.progress.nextSequenceNo === 1, 'the stream recovers');
    expect(stream.status).toBe('ACTIVE');
  });

  it('fails for good when Kinesis refuses the records themselves', async () => {
    commit(1);
    kinesis.respond = () => new ServiceError('ValidationException', '1 validation error detected: Value at records.1.member.data failed to satisfy constraint');
    const logged = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const stream = start(newStream());
    await until(() => stream.status === 'FAILED', 'the stream fails');
    expect(logged.mock.calls[0]![0]).toMatch(/Kinesis refused journal stream/);
    logged.mockRestore();
    expect(stream.endedAt).toBeDefined();
    expect(saved[saved.length - 1]!.status).toBe('FAILED');
  });

  it('writes CONTROL COMPLETED once the first block at or after ExclusiveEndTime is next, and completes', async () => {
    commit(5);
    const stream = start(newStream({ exclusiveEndTime: journal.chain[3]!.blockTimestamp.toISOString() }));
    await until(() => stream.status === 'COMPLETED', 'the stream completes');
    const records = kinesis.records();
    expect(summaries(records)).toEqual([0, 1, 2]);
    expect(controls(records)).toEqual(['CREATED', 'COMPLETED']);
    expect(records[records.length - 1]!.recordType).toBe('CONTROL');
    expect(saved[saved.length - 1]).toMatchObject({ status: 'COMPLETED', progress: { nextSequenceNo: 3 } });
  });

  it('completes once the clock passes ExclusiveEndTime with no block pending', async () => {
    commit(2);
    let now = new Date('2024-05-01T10:00:05.000Z');
    const stream = start(newStream({ exclusiveEndTime: '2024-05-01T10:00:10.000Z' }), () => now);
    await until(() => stream.progress.nextSequenceNo === 2, 'the blocks are sent');
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(stream.status).toBe('ACTIVE');
    now = new Date('2024-05-01T10:00:10.000Z');
    await until(() => stream.status === 'COMPLETED', 'the stream completes');
    expect(controls(kinesis.records())).toEqual(['CREATED', 'COMPLETED']);
  });

  it('waits while the ledger is unreadable, and lets go of a stream whose ledger is gone', async () => {
    commit(1);
    access = 'unavailable';
    const stream = start(newStream());
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(kinesis.calls).toHaveLength(0);
    expect(stream.status).toBe('ACTIVE');
    access = 'ok';
    await until(() => stream.progress.nextSequenceNo === 1, 'delivery resumes');
    access = 'gone';
    await streamer!.done;
    expect(gone).toBe(1);
  });

  it('resumes from its saved progress without sending CREATED again', async () => {
    commit(4);
    const stream = start(newStream({ progress: { createdSent: true, nextSequenceNo: 2 } }));
    await until(() => stream.progress.nextSequenceNo === 4, 'the rest is sent');
    expect(controls(kinesis.records())).toEqual([]);
    expect(summaries(kinesis.records())).toEqual([2, 3]);
  });

  it('stops sending once stopped, even while retrying', async () => {
    commit(1);
    kinesis.respond = (entries) => entries.map(() => false);
    start(newStream());
    await until(() => kinesis.calls.length >= 2, 'a retry');
    await streamer!.stop();
    const calls = kinesis.calls.length;
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(kinesis.calls.length).toBe(calls);
  });
});
