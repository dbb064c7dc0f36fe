import type { KinesisStreamRecord } from 'aws-lambda';
import type { ProjectionConfig } from './config';
import type { Item } from './ion-to-dynamodb';
import { UnrepresentableValueError } from './ion-to-dynamodb';
import type { WriteIntent } from './intents';
import { OversizeError, planWrites } from './plan-writes';
import { QUARANTINE_KEY, quarantinePosition } from './schema';
import { decodeStreamRecord } from './stream-record';
import { userRecordsOf } from './user-records';

type QuarantineReason = 'undecodable' | 'oversize' | 'unknown-shape';

/** The writes for one user record, executed in order. */
export interface UserRecordWrites {
  subSequenceNumber?: number;
  intents: WriteIntent[];
}

/**
 * A quarantine item must itself fit DynamoDB's 400 KB, and a Kinesis record can hold up to 1 MB: beyond this
 * the raw bytes are cut (rawTruncated, rawSize say so) and the position leads back to the record.
 */
export const MAX_QUARANTINED_RAW_BYTES = 350 * 1024;

/**
 * Projects one Kinesis record of a QLDB stream: de-aggregate, decode, plan. A record that cannot be
 * projected (undecodable, oversize, unknown shape) becomes a quarantine write instead: a poison record
 * must neither block its shard nor fail the batch.
 */
export function projectKinesisRecord(record: KinesisStreamRecord, config: ProjectionConfig, now: Date): UserRecordWrites[] {
  const deaggregated = userRecordsOf(record.kinesis);
  if (!deaggregated.ok) {
    return [{ intents: [quarantine(record, undefined, Buffer.from(record.kinesis.data, 'base64'), 'undecodable', deaggregated.detail, now)] }];
  }
  return deaggregated.records.map(({ subSequenceNumber, data }) => ({ subSequenceNumber, intents: projectUserRecord(record, subSequenceNumber, data, config, now) }));
}

function projectUserRecord(record: KinesisStreamRecord, subSequenceNumber: number | undefined, data: Buffer, config: ProjectionConfig, now: Date): WriteIntent[] {
  const decoded = decodeStreamRecord(data);
  if (!decoded.ok) return [quarantine(record, subSequenceNumber, data, decoded.reason, decoded.detail, now)];
  try {
    return planWrites(decoded.record, config, now);
  } catch (e) {
    if (e instanceof OversizeError) return [quarantine(record, subSequenceNumber, data, 'oversize', e.message, now)];
    if (e instanceof UnrepresentableValueError) return [quarantine(record, subSequenceNumber, data, 'unknown-shape', e.message, now)];
    throw e;
  }
}

function quarantine(record: KinesisStreamRecord, subSequenceNumber: number | undefined, raw: Buffer, reason: QuarantineReason, detail: string, now: Date): WriteIntent {
  const truncated = raw.length > MAX_QUARANTINED_RAW_BYTES;
  const item: Item = {
    [QUARANTINE_KEY]: { S: quarantinePosition(record.eventID, subSequenceNumber) },
    raw: { B: truncated ? raw.subarray(0, MAX_QUARANTINED_RAW_BYTES) : raw },
    reason: { S: reason },
    detail: { S: detail },
    eventSourceARN: { S: record.eventSourceARN },
    // eventID is "<shardId>:<sequenceNumber>" (docs/kinesis-consumers.md#lambda-event-source-mapping).
    shardId: { S: record.eventID.split(':')[0] },
    sequenceNumber: { S: record.kinesis.sequenceNumber },
    subSequenceNumber: { N: String(subSequenceNumber ?? 0) },
    approximateArrivalTimestamp: { N: String(record.kinesis.approximateArrivalTimestamp) },
    quarantinedAt: { S: now.toISOString() },
  };
  if (truncated) Object.assign(item, { rawTruncated: { BOOL: true }, rawSize: { N: String(raw.length) } });
  return { kind: 'quarantine', item };
}
