import { GetRecordsCommand, GetShardIteratorCommand, type KinesisClient, ListShardsCommand } from '@aws-sdk/client-kinesis';
import { type dom, load } from 'ion-js';

/**
 * Reading a QLDB journal stream back the way a consumer does: every shard of the Kinesis stream with
 * the real client, KPL de-aggregation with aws-kinesis-agg, and Ion decoding of each stream record.
 */

export interface UserRecord {
  partitionKey: string;
  /** Set for sub-records of a KPL aggregated record. */
  subSequenceNumber?: number;
  data: Buffer;
}

interface AggUserRecord {
  partitionKey: string;
  subSequenceNumber?: number;
  data: string;
}

const agg = require('aws-kinesis-agg') as {
  deaggregateSync(record: { data: string; partitionKey: string; sequenceNumber: string }, computeChecksums: boolean, done: (err: Error | null, records?: AggUserRecord[]) => void): void;
};

/** The user records in one Kinesis record's data (itself, when it is not KPL-aggregated), checksum verified. */
export function deaggregate(data: Uint8Array, partitionKey = 'unused', sequenceNumber = '0'): UserRecord[] {
  let result: UserRecord[] | undefined;
  agg.deaggregateSync({ data: Buffer.from(data).toString('base64'), partitionKey, sequenceNumber }, true, (err, records) => {
    if (err) throw err;
    result = records!.map((r) => ({ partitionKey: r.partitionKey, subSequenceNumber: r.subSequenceNumber, data: Buffer.from(r.data, 'base64') }));
  });
  return result!;
}

export interface StreamRecord {
  qldbStreamArn: string;
  recordType: 'CONTROL' | 'BLOCK_SUMMARY' | 'REVISION_DETAILS';
  payload: dom.Value;
}

/** One stream record: a standalone Ion binary stream holding exactly one struct. */
export function decodeStreamRecord(bytes: Uint8Array): StreamRecord {
  const value = load(bytes);
  if (!value) throw new Error('the record holds no Ion value');
  return {
    qldbStreamArn: value.get('qldbStreamArn')!.stringValue()!,
    recordType: value.get('recordType')!.stringValue() as StreamRecord['recordType'],
    payload: value.get('payload')!,
  };
}

export interface KinesisRecordRead {
  shardId: string;
  sequenceNumber: string;
  arrival: Date;
  data: Uint8Array;
}

/** Every record currently in every shard of the stream, each shard from its start (TRIM_HORIZON). */
export async function readKinesisStream(client: KinesisClient, streamName: string): Promise<KinesisRecordRead[]> {
  const { Shards = [] } = await client.send(new ListShardsCommand({ StreamName: streamName }));
  const out: KinesisRecordRead[] = [];
  for (const shard of Shards) {
    let { ShardIterator } = await client.send(new GetShardIteratorCommand({ StreamName: streamName, ShardId: shard.ShardId!, ShardIteratorType: 'TRIM_HORIZON' }));
    while (ShardIterator) {
      const page = await client.send(new GetRecordsCommand({ ShardIterator, Limit: 10_000 }));
      for (const r of page.Records ?? []) out.push({ shardId: shard.ShardId!, sequenceNumber: r.SequenceNumber!, arrival: r.ApproximateArrivalTimestamp!, data: r.Data! });
      if (!page.Records?.length) break;
      ShardIterator = page.NextShardIterator;
    }
  }
  return out;
}

/** A stream record as a consumer received it, with the Kinesis record that carried it. */
export interface DeliveredRecord extends StreamRecord {
  shardId: string;
  sequenceNumber: string;
  arrival: Date;
  /** The Kinesis record was KPL-aggregated (magic F3 89 9A C2). */
  aggregated: boolean;
  /** How many stream records the Kinesis record carried. */
  carriedWith: number;
}

const KPL_MAGIC = Buffer.from('f3899ac2', 'hex');

/** Every stream record in the Kinesis stream, de-aggregated and decoded, shard by shard. */
export async function readJournalStream(client: KinesisClient, streamName: string): Promise<DeliveredRecord[]> {
  const records = await readKinesisStream(client, streamName);
  return records.flatMap((r) => {
    const users = deaggregate(r.data, 'unused', r.sequenceNumber);
    const aggregated = Buffer.from(r.data.subarray(0, 4)).equals(KPL_MAGIC);
    return users.map((u) => ({ ...decodeStreamRecord(u.data), shardId: r.shardId, sequenceNumber: r.sequenceNumber, arrival: r.arrival, aggregated, carriedWith: users.length }));
  });
}

/** Reads the stream until `done` holds for what it holds (delivery is asynchronous), or fails after `timeoutMs`. */
export async function waitForJournalRecords(
  client: KinesisClient,
  streamName: string,
  done: (records: DeliveredRecord[]) => boolean,
  timeoutMs = 15_000,
): Promise<DeliveredRecord[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const records = await readJournalStream(client, streamName);
    if (done(records)) return records;
    if (Date.now() > deadline) throw new Error(`timed out waiting for the journal stream in ${streamName}; it holds ${records.length} records: ${records.map((r) => r.recordType).join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export const controlRecordsOf = (records: StreamRecord[]) =>
  records.filter((r) => r.recordType === 'CONTROL').map((r) => r.payload.get('controlRecordType')!.stringValue());

/** The sequenceNo of every BLOCK_SUMMARY, in the order read. */
export const blockSequenceNos = (records: StreamRecord[]) =>
  records.filter((r) => r.recordType === 'BLOCK_SUMMARY').map((r) => r.payload.get('blockAddress', 'sequenceNo')!.numberValue()!);
