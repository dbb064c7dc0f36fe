/** The shapes Lambda builds from Kinesis records (docs/kinesis-consumers.md#lambda-event-source-mapping). */

/** A record as Kinesis GetRecords returns it on the wire (Data base64, arrival in epoch seconds). */
export interface WireRecord {
  SequenceNumber: string;
  PartitionKey: string;
  Data: string;
  ApproximateArrivalTimestamp: number;
  EncryptionType?: string;
}

export interface EventSource {
  shardId: string;
  streamArn: string;
  /** The function's execution role. */
  invokeIdentityArn: string;
  awsRegion: string;
}

export interface KinesisEventRecord {
  kinesis: { kinesisSchemaVersion: '1.0'; partitionKey: string; sequenceNumber: string; data: string; approximateArrivalTimestamp: number };
  eventSource: 'aws:kinesis';
  eventVersion: '1.0';
  eventID: string;
  eventName: 'aws:kinesis:record';
  invokeIdentityArn: string;
  awsRegion: string;
  eventSourceARN: string;
}

export function kinesisEventRecord(record: WireRecord, source: EventSource): KinesisEventRecord {
  return {
    kinesis: {
      kinesisSchemaVersion: '1.0',
      partitionKey: record.PartitionKey,
      sequenceNumber: record.SequenceNumber,
      data: record.Data,
      approximateArrivalTimestamp: record.ApproximateArrivalTimestamp,
    },
    eventSource: 'aws:kinesis',
    eventVersion: '1.0',
    eventID: `${source.shardId}:${record.SequenceNumber}`,
    eventName: 'aws:kinesis:record',
    invokeIdentityArn: source.invokeIdentityArn,
    awsRegion: source.awsRegion,
    eventSourceARN: source.streamArn,
  };
}

export const kinesisEvent = (records: WireRecord[], source: EventSource) => ({ Records: records.map((r) => kinesisEventRecord(r, source)) });

export interface FailureContext {
  requestId: string;
  functionArn: string;
  condition: 'RetryAttemptsExhausted' | 'RecordAgeExceeded';
  approximateInvokeCount: number;
  functionError?: string;
  timestamp: Date;
}

/**
 * What the on-failure destination receives: a pointer to the records, not the records themselves.
 * https://docs.aws.amazon.com/lambda/latest/dg/kinesis-on-failure-destination.html
 */
export function failurePointer(records: WireRecord[], source: EventSource, failure: FailureContext) {
  const first = records[0];
  const last = records[records.length - 1];
  const iso = (epochSeconds: number) => new Date(epochSeconds * 1000).toISOString();
  return {
    requestContext: {
      requestId: failure.requestId,
      functionArn: failure.functionArn,
      condition: failure.condition,
      approximateInvokeCount: failure.approximateInvokeCount,
    },
    responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: failure.functionError },
    version: '1.0',
    timestamp: failure.timestamp.toISOString(),
    KinesisBatchInfo: {
      shardId: source.shardId,
      startSequenceNumber: first.SequenceNumber,
      endSequenceNumber: last.SequenceNumber,
      approximateArrivalOfFirstRecord: iso(first.ApproximateArrivalTimestamp),
      approximateArrivalOfLastRecord: iso(last.ApproximateArrivalTimestamp),
      batchSize: records.length,
      streamArn: source.streamArn,
    },
  };
}
