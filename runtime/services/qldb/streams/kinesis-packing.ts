import { randomBytes } from 'node:crypto';

/**
 * How stream records become Kinesis records (docs/qldb-streams.md#kinesis-delivery): with AggregationEnabled (the default) many
 * records share one Kinesis record in the KPL aggregated format — magic F3 89 9A C2, an AggregatedRecord
 * protobuf, its MD5 — written by aws-kinesis-agg's RecordAggregator; without it, one record each. Then
 * the Kinesis records are cut into PutRecords requests within Kinesis's limits.
 */

/** A PutRecords entry in the Kinesis JSON wire shape the dispatcher takes: Data is base64. */
export interface KinesisEntry {
  Data: string;
  PartitionKey: string;
}

/** Kinesis's limits: a record's data plus partition key, and a PutRecords request's count and size. */
export const KINESIS_MAX_RECORD_BYTES = 1024 * 1024;
export const PUT_RECORDS_MAX_ENTRIES = 500;
export const PUT_RECORDS_MAX_BYTES = 5 * 1024 * 1024;

const KPL_MAGIC_BYTES = 4;
const KPL_CHECKSUM_BYTES = 16;
/** Partition keys are 64 hex characters, as in real QLDB streams (2023); consumers must not read them. */
const PARTITION_KEY_CHARS = 64;
/**
 * The size an aggregated record grows to: the KPL's default AggregationMaxSize (51,200 bytes; QLDB does not
 * say what it uses). Aggregates near Kinesis's 1 MiB record limit would make each consumer batch huge: a
 * Lambda batch of 100 such records is far over the 6 MB invocation payload.
 */
export const AGGREGATION_MAX_BYTES = 51_200;
/** Room for the protobuf inside one aggregated Kinesis record. */
const AGGREGATE_PROTOBUF_LIMIT = AGGREGATION_MAX_BYTES - KPL_MAGIC_BYTES - KPL_CHECKSUM_BYTES;

export const randomPartitionKey = (): string => randomBytes(PARTITION_KEY_CHARS / 2).toString('hex');

interface UserRecord {
  partitionKey: string;
  data: Buffer;
}

/** The part of aws-kinesis-agg's RecordAggregator used here; its typings do not declare the class. */
interface RecordAggregator {
  /** Protobuf bytes of the records added so far. */
  totalBytes: number;
  calculateUserRecordSize(record: UserRecord): number;
  addUserRecord(record: UserRecord): void;
  length(): number;
  /** The aggregated record (its partition key is the first user record's), and a fresh start. */
  build(): { partitionKey: string; data: Buffer };
}
const { RecordAggregator } = require('aws-kinesis-agg') as { RecordAggregator: new () => RecordAggregator };

const entryOf = (data: Buffer, partitionKey: string): KinesisEntry => ({ Data: data.toString('base64'), PartitionKey: partitionKey });

/** The Kinesis records carrying `records`, in order, each with a random partition key. */
export function packRecords(records: readonly Uint8Array[], aggregation: boolean): KinesisEntry[] {
  if (!aggregation) return records.map((record) => entryOf(Buffer.from(record), randomPartitionKey()));
  const entries: KinesisEntry[] = [];
  const aggregator = new RecordAggregator();
  const flush = () => {
    if (aggregator.length() === 0) return;
    const built = aggregator.build();
    entries.push(entryOf(built.data, built.partitionKey));
  };
  for (const record of records) {
    const user: UserRecord = { partitionKey: randomPartitionKey(), data: Buffer.from(record) };
    const size = aggregator.calculateUserRecordSize(user);
    if (size > AGGREGATE_PROTOBUF_LIMIT) {
      // Too big to aggregate: sent on its own, and Kinesis decides (the stream fails if it refuses one over 1 MiB).
      flush();
      entries.push(entryOf(user.data, user.partitionKey));
      continue;
    }
    if (aggregator.totalBytes + size > AGGREGATE_PROTOBUF_LIMIT) flush();
    aggregator.addUserRecord(user);
  }
  flush();
  return entries;
}

/** What an entry counts against PutRecords' request size: its data and its partition key. */
export const entryBytes = (entry: KinesisEntry): number => Buffer.byteLength(entry.Data, 'base64') + Buffer.byteLength(entry.PartitionKey);

/** Cuts entries, in order, into PutRecords requests of at most 500 records and 5 MiB. */
export function putRecordsRequests(entries: readonly KinesisEntry[]): KinesisEntry[][] {
  const requests: KinesisEntry[][] = [];
  let current: KinesisEntry[] = [];
  let bytes = 0;
  for (const entry of entries) {
    const size = entryBytes(entry);
    if (current.length > 0 && (current.length === PUT_RECORDS_MAX_ENTRIES || bytes + size > PUT_RECORDS_MAX_BYTES)) {
      requests.push(current);
      current = [];
      bytes = 0;
    }
    current.push(entry);
    bytes += size;
  }
  if (current.length > 0) requests.push(current);
  return requests;
}
