import type { JournalKinesisStreamDescription } from '@aws-sdk/client-qldb';
import type { StoredStream } from './stream-model';

/** JournalKinesisStreamDescription; Dates become epoch seconds on the wire. */
export function describeStream(stream: StoredStream): JournalKinesisStreamDescription {
  return {
    LedgerName: stream.ledgerName,
    CreationTime: new Date(stream.creationTime),
    InclusiveStartTime: new Date(stream.inclusiveStartTime),
    ...(stream.exclusiveEndTime ? { ExclusiveEndTime: new Date(stream.exclusiveEndTime) } : {}),
    RoleArn: stream.roleArn,
    StreamId: stream.streamId,
    Arn: stream.arn,
    Status: stream.status,
    KinesisConfiguration: { StreamArn: stream.kinesisStreamArn, AggregationEnabled: stream.aggregationEnabled },
    ...(stream.errorCause ? { ErrorCause: stream.errorCause } : {}),
    StreamName: stream.streamName,
  };
}
