import { DAY_MS } from '../../../core/clock';

/** A journal stream's status and why it is impaired (docs/qldb-control.md#operations-and-routes). Note CANCELED, not CANCELLED. */
export type StreamStatus = 'ACTIVE' | 'COMPLETED' | 'CANCELED' | 'FAILED' | 'IMPAIRED';
export type StreamErrorCause = 'KINESIS_STREAM_NOT_FOUND' | 'IAM_PERMISSION_REVOKED';

/** Where delivery stands. Written only after Kinesis acknowledged what it counts (at-least-once). */
export interface StreamProgress {
  /** The CONTROL CREATED record was acknowledged. */
  createdSent: boolean;
  /** The next block to send; blocks before InclusiveStartTime are skipped on the way. */
  nextSequenceNo: number;
}

/** One journal stream, as kept in `<dataDir>/state/qldb-streams.json`. Times are ISO strings. */
export interface StoredStream {
  streamId: string;
  streamName: string;
  arn: string;
  ledgerName: string;
  /** The strand of the ledger the stream belongs to: a ledger deleted and re-created under the same name has another. */
  strandId: string;
  roleArn: string;
  kinesisStreamArn: string;
  aggregationEnabled: boolean;
  creationTime: string;
  inclusiveStartTime: string;
  exclusiveEndTime?: string;
  status: StreamStatus;
  errorCause?: StreamErrorCause;
  /** When the stream reached COMPLETED, CANCELED or FAILED. */
  endedAt?: string;
  tags: Record<string, string>;
  progress: StreamProgress;
}

export const MAX_ACTIVE_STREAMS_PER_LEDGER = 5;

export const isTerminal = (status: StreamStatus): boolean => status === 'COMPLETED' || status === 'CANCELED' || status === 'FAILED';

/** Active streams count against the quota and hold their name; IMPAIRED ones are still active (they retry). */
export const isActive = (stream: StoredStream): boolean => !isTerminal(stream.status);

/** Delivery timing. Every delay is a knob (RuntimeOptions.qldbStreams) so tests and drills can compress it. */
export interface StreamDeliveryConfig {
  /** How often an idle stream looks for newly durable blocks. */
  pollIntervalMs: number;
  /** First backoff after throttling or partially failed PutRecords; doubles per attempt up to `retryMaxMs`. */
  retryBaseMs: number;
  retryMaxMs: number;
  /** How often an IMPAIRED stream retries (AWS keeps retrying impaired streams). */
  impairedRetryMs: number;
  /** Terminal streams disappear from Describe and List after this long (7 days on AWS). */
  terminalRetentionMs: number;
}

export const DEFAULT_STREAM_DELIVERY_CONFIG: StreamDeliveryConfig = {
  pollIntervalMs: 100,
  retryBaseMs: 100,
  retryMaxMs: 5_000,
  impairedRetryMs: 1_000,
  terminalRetentionMs: 7 * DAY_MS,
};

/** A Kinesis stream ARN's stream name: `arn:aws:kinesis:<region>:<account>:stream/<name>`. */
export function kinesisStreamName(streamArn: string): string | undefined {
  const match = /^arn:aws:kinesis:[^:]*:[^:]*:stream\/([^/]+)$/.exec(streamArn);
  return match?.[1];
}
