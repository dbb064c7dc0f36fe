import { randomUUID } from 'node:crypto';
import type { Clock } from '../../core/clock';
import type { Dispatcher } from '../../core/dispatcher';
import { isServiceError } from '../../core/errors';
import type { Caller } from '../../core/operation';
import { MAX_SYNC_PAYLOAD_BYTES, type EventSourceMapping } from '../../services/lambda/model';
import { afterInvoke, batchLength, batchReady, isTooOld, type InvokeOutcome } from './batch-decisions';
import type { CheckpointStore } from './checkpoints';
import { failurePointer, kinesisEvent, type EventSource, type WireRecord } from './kinesis-event';

export interface ShardContext {
  dispatcher: Dispatcher;
  clock: Clock;
  checkpoints: CheckpointStore;
  pollIntervalMs: number;
  retryBackoffMs: number;
  streamName: string;
  /** The mapping's current settings (they may change while it runs); undefined once deleted. */
  mapping(): EventSourceMapping | undefined;
  /** Reads the stream and sends to the destination: the function's execution role. */
  roleCaller(): Caller;
  /** Invokes the function: the Lambda service itself. */
  lambdaCaller: Caller;
  invokeIdentityArn(): string;
  region: string;
  report(result: string): void;
}

interface PendingBatch {
  records: WireRecord[];
  attempts: number;
}

/** Stream errors after which the iterator is acquired again from the last position. */
const REACQUIRE = new Set(['ExpiredIteratorException', 'ResourceNotFoundException', 'InvalidArgumentException']);

/**
 * One shard of one mapping: reads records in order, invokes the function with one batch at a time, and
 * checkpoints what succeeded. A failing batch blocks the shard (ordering) until it succeeds, is given up
 * to the on-failure destination, or its records grow too old.
 */
export class ShardProcessor {
  private iterator?: string;
  /** The sequence number of the last record read (buffered or processed). */
  private position?: string;
  private buffer: WireRecord[] = [];
  /** Wall time, like the batching window it starts: it paces delivery, and advancing the clock must not flush a batch. */
  private bufferedSinceMs?: number;
  private shardEnded = false;
  private stopped = false;
  readonly done: Promise<void>;
  finished = false;

  constructor(
    private readonly ctx: ShardContext,
    readonly shardId: string,
    /** Shards found after the mapping started are read from their beginning, as Lambda does with child shards. */
    private readonly fromStart: boolean,
  ) {
    const mapping = ctx.mapping();
    this.position = mapping && ctx.checkpoints.get(mapping.uuid, shardId);
    this.done = this.run();
  }

  stop(): void {
    this.stopped = true;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      const mapping = this.ctx.mapping();
      if (!mapping) return;
      if (!mapping.enabled) {
        await this.sleep(this.ctx.pollIntervalMs);
        continue;
      }
      try {
        let fetched = 0;
        if (!this.shardEnded && this.buffer.length < mapping.batchSize) fetched = await this.fetch(mapping);
        // Wall time: MaximumBatchingWindowInSeconds paces delivery (record age reads the runtime clock below).
        const now = Date.now();
        if (batchReady({ buffered: this.buffer.length, bufferedSinceMs: this.bufferedSinceMs, shardEnded: this.shardEnded }, mapping.batchSize, mapping.maximumBatchingWindowInSeconds, now)) {
          const batch = this.buffer.splice(0, batchLength(this.buffer.map((r) => r.Data.length), mapping.batchSize, MAX_SYNC_PAYLOAD_BYTES));
          this.bufferedSinceMs = this.buffer.length ? now : undefined;
          await this.process(batch);
          continue;
        }
        if (this.shardEnded && this.buffer.length === 0) {
          this.finished = true;
          return;
        }
        if (fetched === 0) await this.sleep(this.ctx.pollIntervalMs);
      } catch (e) {
        if (!isServiceError(e)) console.error(`keydrill event source mapping ${mapping.uuid} ${this.shardId}:`, e);
        await this.sleep(this.ctx.retryBackoffMs);
      }
    }
  }

  private async kinesis<O>(operation: string, input: object): Promise<O> {
    return this.ctx.dispatcher.call<O>('kinesis', operation, input, this.ctx.roleCaller());
  }

  private async acquireIterator(mapping: EventSourceMapping): Promise<string> {
    const input: Record<string, unknown> = { StreamName: this.ctx.streamName, ShardId: this.shardId };
    if (this.position) Object.assign(input, { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', StartingSequenceNumber: this.position });
    else if (this.fromStart) input.ShardIteratorType = 'TRIM_HORIZON';
    else {
      input.ShardIteratorType = mapping.startingPosition;
      if (mapping.startingPosition === 'AT_TIMESTAMP') input.Timestamp = (mapping.startingPositionTimestamp ?? 0) / 1000;
    }
    const { ShardIterator } = await this.kinesis<{ ShardIterator: string }>('GetShardIterator', input);
    return ShardIterator;
  }

  private async fetch(mapping: EventSourceMapping): Promise<number> {
    this.iterator ??= await this.acquireIterator(mapping);
    let output: { Records: WireRecord[]; NextShardIterator?: string | null };
    try {
      output = await this.kinesis('GetRecords', { ShardIterator: this.iterator, Limit: Math.min(10000, mapping.batchSize) });
    } catch (e) {
      if (isServiceError(e) && REACQUIRE.has(e.code)) this.iterator = undefined;
      throw e;
    }
    this.iterator = output.NextShardIterator ?? undefined;
    if (!output.NextShardIterator) this.shardEnded = true;
    if (output.Records.length) {
      this.buffer.push(...output.Records);
      this.bufferedSinceMs ??= Date.now();
      this.position = output.Records[output.Records.length - 1].SequenceNumber;
    }
    return output.Records.length;
  }

  private source(): EventSource {
    return { shardId: this.shardId, streamArn: this.ctx.mapping()!.eventSourceArn, invokeIdentityArn: this.ctx.invokeIdentityArn(), awsRegion: this.ctx.region };
  }

  private checkpoint(record: WireRecord): void {
    const mapping = this.ctx.mapping();
    if (mapping) this.ctx.checkpoints.set(mapping.uuid, this.shardId, record.SequenceNumber);
  }

  private async process(batch: WireRecord[]): Promise<void> {
    const queue: PendingBatch[] = [{ records: batch, attempts: 0 }];
    while (queue.length && !this.stopped) {
      const mapping = this.ctx.mapping();
      if (!mapping) return;
      if (!mapping.enabled) {
        await this.sleep(this.ctx.pollIntervalMs);
        continue;
      }
      const current = queue[0];
      const last = current.records[current.records.length - 1];
      if (isTooOld(current.records[0].ApproximateArrivalTimestamp, this.ctx.clock.now().getTime(), mapping.maximumRecordAgeInSeconds)) {
        await this.giveUp(mapping, current.records, 'RecordAgeExceeded', current.attempts, undefined);
        this.checkpoint(last);
        queue.shift();
        continue;
      }
      const outcome = await this.invoke(mapping, current.records);
      if (!outcome) {
        await this.sleep(this.ctx.retryBackoffMs);
        continue;
      }
      const step = afterInvoke(current.records, outcome, current.attempts, {
        reportBatchItemFailures: mapping.functionResponseTypes.includes('ReportBatchItemFailures'),
        bisectBatchOnFunctionError: mapping.bisectBatchOnFunctionError,
        maximumRetryAttempts: mapping.maximumRetryAttempts,
      });
      if (step.kind === 'done') {
        this.ctx.report('OK');
        this.checkpoint(last);
        queue.shift();
        continue;
      }
      this.ctx.report('PROBLEM: Function call failed');
      if (step.kind === 'bisect') {
        queue.splice(0, 1, ...step.halves.map((records) => ({ records, attempts: step.attempts })));
        continue;
      }
      if (step.succeeded > 0) this.checkpoint(current.records[step.succeeded - 1]);
      if (step.kind === 'give-up') {
        await this.giveUp(mapping, step.records, step.condition, step.invocations, outcome.kind === 'function-error' ? 'Unhandled' : undefined);
        this.checkpoint(last);
        queue.shift();
        continue;
      }
      queue[0] = { records: step.records, attempts: step.attempts };
      await this.sleep(this.ctx.retryBackoffMs);
    }
  }

  /** The invocation's outcome; undefined when it did not run (throttled, function missing): that is not a retry. */
  private async invoke(mapping: EventSourceMapping, records: WireRecord[]): Promise<InvokeOutcome | undefined> {
    let output: { FunctionError?: string; Payload?: Buffer };
    try {
      output = await this.ctx.dispatcher.call('lambda', 'Invoke', { FunctionName: mapping.functionArn, Payload: JSON.stringify(kinesisEvent(records, this.source())) }, this.ctx.lambdaCaller);
    } catch (e) {
      if (!isServiceError(e)) throw e;
      this.ctx.report(`PROBLEM: ${e.code}`);
      return undefined;
    }
    if (output.FunctionError) return { kind: 'function-error' };
    const text = output.Payload?.toString('utf8') ?? '';
    try {
      return { kind: 'success', response: text === '' ? null : JSON.parse(text) };
    } catch {
      return { kind: 'success', response: text };
    }
  }

  /** Sends the pointer record to the on-failure destination (an SQS queue), retrying until it is delivered. */
  private async giveUp(mapping: EventSourceMapping, records: WireRecord[], condition: 'RetryAttemptsExhausted' | 'RecordAgeExceeded', invocations: number, functionError: string | undefined): Promise<void> {
    const destination = mapping.onFailureDestination;
    if (!destination) return;
    const pointer = failurePointer(records, this.source(), {
      requestId: randomUUID(),
      functionArn: mapping.functionArn,
      condition,
      approximateInvokeCount: invocations,
      functionError,
      timestamp: this.ctx.clock.now(),
    });
    const [, , , , account, queueName] = destination.split(':');
    while (!this.stopped) {
      try {
        const { QueueUrl } = await this.ctx.dispatcher.call<{ QueueUrl: string }>('sqs', 'GetQueueUrl', { QueueName: queueName, QueueOwnerAWSAccountId: account }, this.ctx.roleCaller());
        await this.ctx.dispatcher.call('sqs', 'SendMessage', { QueueUrl, MessageBody: JSON.stringify(pointer) }, this.ctx.roleCaller());
        return;
      } catch (e) {
        this.ctx.report(`PROBLEM: on-failure destination ${destination}: ${(e as Error).message}`);
        await this.sleep(this.ctx.retryBackoffMs);
      }
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, ms));
  }
}
