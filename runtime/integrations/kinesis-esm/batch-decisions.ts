/**
 * What a Kinesis event source mapping does after each invocation of a batch (docs/kinesis-consumers.md#lambda-event-source-mapping):
 * checkpoint, retry, bisect or give up. Pure functions over the batch's records; the shard processor acts on them.
 */

export interface SequencedRecord {
  /** As Kinesis names it on the wire; the function reports it back as `itemIdentifier`. */
  SequenceNumber: string;
}

export interface BatchPolicy {
  reportBatchItemFailures: boolean;
  bisectBatchOnFunctionError: boolean;
  /** -1 = retry until the records expire. */
  maximumRetryAttempts: number;
}

export type InvokeOutcome = { kind: 'success'; response: unknown } | { kind: 'function-error' };

/** Which records of a batch failed: none, all, or every record from `index` on (the lowest reported failure). */
export type Failures = { kind: 'none' } | { kind: 'all' } | { kind: 'from'; index: number };

export type Step<R> =
  /** Every record succeeded: checkpoint the batch. */
  | { kind: 'done' }
  /** Checkpoint the first `succeeded` records, then invoke again with the rest. */
  | { kind: 'retry'; succeeded: number; records: R[]; attempts: number }
  /** Split the failed batch in two and process the halves in order; splitting is not a retry. */
  | { kind: 'bisect'; halves: [R[], R[]]; attempts: number }
  /** Checkpoint the first `succeeded` records and send the rest to the on-failure destination. */
  | { kind: 'give-up'; succeeded: number; records: R[]; invocations: number; condition: 'RetryAttemptsExhausted' };

/**
 * Reads a ReportBatchItemFailures response. A null response, or a null or empty `batchItemFailures`, is
 * complete success; an identifier that is empty, null, misnamed or not a sequence number of the batch, or a
 * response of the wrong shape, is complete failure. Otherwise the batch failed from its lowest reported record.
 * https://docs.aws.amazon.com/lambda/latest/dg/services-kinesis-batchfailurereporting.html
 */
export function reportedFailures(records: readonly SequencedRecord[], response: unknown): Failures {
  if (response === null || response === undefined) return { kind: 'none' };
  if (typeof response !== 'object' || Array.isArray(response)) return { kind: 'all' };
  const list = (response as { batchItemFailures?: unknown }).batchItemFailures;
  if (list === null || list === undefined) return { kind: 'none' };
  if (!Array.isArray(list)) return { kind: 'all' };
  if (list.length === 0) return { kind: 'none' };
  let lowest = Infinity;
  for (const item of list) {
    const id = item && typeof item === 'object' ? (item as { itemIdentifier?: unknown }).itemIdentifier : undefined;
    if (typeof id !== 'string' || id === '') return { kind: 'all' };
    const index = records.findIndex((r) => r.SequenceNumber === id);
    if (index < 0) return { kind: 'all' };
    lowest = Math.min(lowest, index);
  }
  return { kind: 'from', index: lowest };
}

function failuresOf(records: readonly SequencedRecord[], outcome: InvokeOutcome, policy: BatchPolicy): Failures {
  if (outcome.kind === 'function-error') return { kind: 'all' };
  // Without ReportBatchItemFailures on the mapping, whatever the function returns is success.
  return policy.reportBatchItemFailures ? reportedFailures(records, outcome.response) : { kind: 'none' };
}

export const bisect = <R>(records: readonly R[]): [R[], R[]] => {
  const middle = Math.ceil(records.length / 2);
  return [records.slice(0, middle), records.slice(middle)];
};

/** `attempts` is how many retries this batch has had so far (0 on its first invocation). */
export function afterInvoke<R extends SequencedRecord>(records: R[], outcome: InvokeOutcome, attempts: number, policy: BatchPolicy): Step<R> {
  const failures = failuresOf(records, outcome, policy);
  if (failures.kind === 'none') return { kind: 'done' };
  // With a partial response the batch is split at the reported record instead of halved.
  if (failures.kind === 'all' && policy.bisectBatchOnFunctionError && records.length > 1) return { kind: 'bisect', halves: bisect(records), attempts };
  const succeeded = failures.kind === 'from' ? failures.index : 0;
  const failed = records.slice(succeeded);
  if (policy.maximumRetryAttempts !== -1 && attempts >= policy.maximumRetryAttempts) {
    return { kind: 'give-up', succeeded, records: failed, invocations: attempts + 1, condition: 'RetryAttemptsExhausted' };
  }
  return { kind: 'retry', succeeded, records: failed, attempts: attempts + 1 };
}

/** MaximumRecordAgeInSeconds: -1 keeps records until the stream's retention drops them. */
export function isTooOld(arrivalEpochSeconds: number, nowMs: number, maximumRecordAgeInSeconds: number): boolean {
  return maximumRecordAgeInSeconds !== -1 && nowMs - arrivalEpochSeconds * 1000 > maximumRecordAgeInSeconds * 1000;
}

export interface BufferState {
  buffered: number;
  /** When the oldest buffered record was fetched (epoch ms). */
  bufferedSinceMs?: number;
  /** The shard is closed and fully read: nothing more will arrive. */
  shardEnded: boolean;
}

/** What one record adds to the event besides its base64 data (eventID, ARNs, sequence number…): an upper bound. */
export const EVENT_RECORD_OVERHEAD_BYTES = 1024;

/**
 * How many buffered records (oldest first) make the next batch: at most `batchSize`, and only as many as
 * keep the event within the invocation payload limit, as Lambda cuts Kinesis batches (aggregated records
 * run up to 1 MB each). At least one, so a single huge record is still delivered (and refused by Invoke).
 */
export function batchLength(base64Sizes: readonly number[], batchSize: number, maxPayloadBytes: number): number {
  let bytes = 0;
  let count = 0;
  for (const size of base64Sizes.slice(0, batchSize)) {
    bytes += size + EVENT_RECORD_OVERHEAD_BYTES;
    if (count > 0 && bytes > maxPayloadBytes) break;
    count++;
  }
  return count;
}

/** Whether to invoke now: a full batch, the batching window elapsed, or the shard has ended. */
export function batchReady(state: BufferState, batchSize: number, windowSeconds: number, nowMs: number): boolean {
  if (state.buffered === 0) return false;
  if (state.buffered >= batchSize || state.shardEnded || windowSeconds === 0) return true;
  return state.bufferedSinceMs !== undefined && nowMs - state.bufferedSinceMs >= windowSeconds * 1000;
}
