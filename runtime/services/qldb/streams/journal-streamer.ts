import type { Clock } from '../../../core/clock';
import { isServiceError } from '../../../core/errors';
import type { Caller } from '../../../core/operation';
import type { Block } from '../journal/block';
import { type KinesisEntry, packRecords, putRecordsRequests } from './kinesis-packing';
import type { RoleCheck } from './stream-role';
import { isTerminal, kinesisStreamName, type StoredStream, type StreamDeliveryConfig, type StreamErrorCause, type StreamProgress } from './stream-model';
import { blockRecords, controlRecord } from './stream-records';

/** The journal as a streamer reads it: every block in memory, and how many of them are durable. */
export interface JournalView {
  blocks(): readonly Block[];
  readonly length: number;
  readonly durableLength: number;
}

/** The journal, or why it cannot be read now: the ledger was deleted, or its KMS key is inaccessible. */
export type JournalAccess = () => JournalView | 'gone' | 'unavailable';

/** What a streamer sends PutRecords through: the runtime's dispatcher, or a fake in unit tests. */
export interface KinesisSink {
  call<O = unknown>(service: string, operation: string, input: unknown, caller: Caller): Promise<O>;
}

interface PutRecordsOutput {
  FailedRecordCount?: number;
  Records?: { SequenceNumber?: string; ShardId?: string; ErrorCode?: string; ErrorMessage?: string }[];
}

export interface StreamerContext {
  journal: JournalAccess;
  /** Re-evaluated before every delivery: a revoked permission impairs the stream. */
  role: () => RoleCheck;
  kinesis: KinesisSink;
  clock: Clock;
  config: StreamDeliveryConfig;
  /** Persists the stream (status or progress changed). */
  save(): void;
  /** The stream's ledger no longer exists: the stream goes with it. */
  ledgerGone(): void;
}

/** Bounds one delivery step, so a long backlog is checkpointed as it goes and memory stays small. */
const STEP_MAX_RECORD_BYTES = 4 * 1024 * 1024;
const STEP_MAX_RECORDS = { aggregated: 10_000, plain: 500 };
/** Encoding costs about half a millisecond per block: a backlog is encoded in slices so the runtime keeps serving. */
const BLOCKS_PER_SLICE = 50;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

interface Work {
  records: Uint8Array[];
  progress: StreamProgress;
  /** The COMPLETED control record: the stream ends once it is acknowledged. */
  completes?: boolean;
}

class DeliveryStopped extends Error {}

/**
 * Delivers one journal stream to Kinesis, at least once, in journal order: CONTROL CREATED, then from
 * the first block at or after InclusiveStartTime every durable block — its BLOCK_SUMMARY and its
 * REVISION_DETAILS — and, once the first block at or after ExclusiveEndTime would be next, CONTROL
 * COMPLETED. Progress is saved only after Kinesis acknowledged the records it covers, so a restart
 * resumes where the last acknowledged step ended (records after it may be sent twice).
 */
export class JournalStreamer {
  private stopped = false;
  private wake: (() => void) | undefined;
  private failures = 0;
  readonly done: Promise<void>;

  constructor(
    private readonly stream: StoredStream,
    private readonly ctx: StreamerContext,
  ) {
    this.done = this.run();
  }

  /** Stops after the PutRecords in flight, if any; resolves once the streamer is idle for good. */
  stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    return this.done;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      let pause: number | undefined;
      try {
        pause = await this.step();
      } catch (e) {
        // A bug, not a delivery problem: the stream stops for good rather than retry the same failure forever.
        console.error(`keydrill qldb: journal stream ${this.stream.streamId} failed`, e);
        this.end('FAILED');
        return;
      }
      if (pause === undefined) return;
      if (pause > 0) await this.sleep(pause);
    }
  }

  /** One step; returns how long to wait before the next, or undefined when the stream is over. */
  private async step(): Promise<number | undefined> {
    const journal = this.ctx.journal();
    if (journal === 'gone') {
      this.ctx.ledgerGone();
      return undefined;
    }
    // The ledger's KMS key is inaccessible: nothing can be read; the stream waits, still ACTIVE, and
    // resumes once the ledger recovers (keydrill's choice: AWS documents no error cause for this).
    if (journal === 'unavailable') return this.ctx.config.pollIntervalMs;
    const work = await this.nextWork(journal);
    if (this.stopped) return undefined;
    if (!work) return this.ctx.config.pollIntervalMs;
    const role = this.ctx.role();
    if (!role.ok) return this.impair('IAM_PERMISSION_REVOKED');
    try {
      await this.deliver(work.records, role.caller);
    } catch (e) {
      return this.afterDeliveryError(e);
    }
    // Canceled meanwhile: the stream is over, and what was just delivered changes nothing.
    if (isTerminal(this.stream.status)) return undefined;
    this.failures = 0;
    this.stream.progress = work.progress;
    if (this.stream.status === 'IMPAIRED') {
      this.stream.status = 'ACTIVE';
      delete this.stream.errorCause;
    }
    if (work.completes) return this.end('COMPLETED');
    // Saved even when stopping (the runtime is shutting down): Kinesis has these records.
    this.ctx.save();
    return this.stopped ? undefined : 0;
  }

  private async nextWork(journal: JournalView): Promise<Work | undefined> {
    const { progress, arn: streamArn } = this.stream;
    if (!progress.createdSent) return { records: [controlRecord(streamArn, 'CREATED')], progress: { ...progress, createdSent: true } };
    const blocks = journal.blocks();
    const start = Date.parse(this.stream.inclusiveStartTime);
    const end = this.stream.exclusiveEndTime ? Date.parse(this.stream.exclusiveEndTime) : Infinity;
    const durable = journal.durableLength;
    // Blocks before the start are passed over; the skip is saved with the next checkpoint, and redone
    // identically if a restart comes first.
    while (progress.nextSequenceNo < durable && blocks[progress.nextSequenceNo]!.blockTimestamp.getTime() < start) progress.nextSequenceNo += 1;
    let next = progress.nextSequenceNo;
    const records: Uint8Array[] = [];
    let bytes = 0;
    const maxRecords = this.stream.aggregationEnabled ? STEP_MAX_RECORDS.aggregated : STEP_MAX_RECORDS.plain;
    while (next < durable && blocks[next]!.blockTimestamp.getTime() < end && (records.length === 0 || (bytes < STEP_MAX_RECORD_BYTES && records.length < maxRecords))) {
      for (const record of blockRecords(streamArn, blocks[next]!)) {
        records.push(record);
        bytes += record.length;
      }
      next += 1;
      if ((next - progress.nextSequenceNo) % BLOCKS_PER_SLICE === 0) {
        await nextTurn();
        if (this.stopped) return undefined;
      }
    }
    if (records.length > 0) return { records, progress: { createdSent: true, nextSequenceNo: next } };
    if (end === Infinity) return undefined;
    // Every block before the end has been sent once the next block (even one not yet durable) is at or
    // after it, or, with no block pending, once the clock has passed it: later commits are stamped later.
    const reachedEnd = next < journal.length ? blocks[next]!.blockTimestamp.getTime() >= end : this.ctx.clock.now().getTime() >= end;
    if (!reachedEnd) return undefined;
    return { records: [controlRecord(streamArn, 'COMPLETED')], progress: { ...progress, nextSequenceNo: next }, completes: true };
  }

  private async deliver(records: Uint8Array[], caller: Caller): Promise<void> {
    const streamName = kinesisStreamName(this.stream.kinesisStreamArn)!;
    for (const request of putRecordsRequests(packRecords(records, this.stream.aggregationEnabled))) {
      let pending: KinesisEntry[] = request;
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt > 0) {
          if (this.stopped) throw new DeliveryStopped();
          await this.sleep(this.backoff(attempt - 1));
        }
        const out = await this.ctx.kinesis.call<PutRecordsOutput>('kinesis', 'PutRecords', { StreamName: streamName, Records: pending }, caller);
        // Kinesis answers in request order; only the entries it refused are sent again.
        pending = (out.FailedRecordCount ?? 0) === 0 ? [] : pending.filter((_, i) => out.Records?.[i]?.ErrorCode !== undefined);
      }
    }
  }

  private afterDeliveryError(e: unknown): number | undefined {
    if (this.stopped || e instanceof DeliveryStopped) return undefined;
    const code = isServiceError(e) ? e.code : undefined;
    if (code === 'ResourceNotFoundException') return this.impair('KINESIS_STREAM_NOT_FOUND');
    if (code === 'AccessDeniedException') return this.impair('IAM_PERMISSION_REVOKED');
    // Kinesis refuses the records themselves (a record over its size limit): retrying cannot help.
    if (code === 'ValidationException' || code === 'InvalidArgumentException') {
      console.error(`keydrill qldb: Kinesis refused journal stream ${this.stream.streamId}'s records: ${(e as Error).message}`);
      return this.end('FAILED');
    }
    // Throttling, KMS trouble on an encrypted stream, the Kinesis service not up yet: try again later.
    if (!isServiceError(e)) console.error(`keydrill qldb: journal stream ${this.stream.streamId} could not deliver`, e);
    return this.backoff(this.failures++);
  }

  /** AWS retries impaired streams; the stream shows why until a delivery succeeds again. */
  private impair(cause: StreamErrorCause): number {
    if (this.stream.status !== 'IMPAIRED' || this.stream.errorCause !== cause) {
      this.stream.status = 'IMPAIRED';
      this.stream.errorCause = cause;
      this.ctx.save();
    }
    return this.ctx.config.impairedRetryMs;
  }

  private end(status: 'COMPLETED' | 'FAILED'): undefined {
    if (isTerminal(this.stream.status)) return undefined;
    this.stream.status = status;
    delete this.stream.errorCause;
    this.stream.endedAt = this.ctx.clock.now().toISOString();
    this.ctx.save();
    return undefined;
  }

  private backoff(attempt: number): number {
    return Math.min(this.ctx.config.retryMaxMs, this.ctx.config.retryBaseMs * 2 ** Math.min(attempt, 30));
  }

  private sleep(ms: number): Promise<void> {
    if (this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      // An idle stream must not keep the process alive; runtime.stop() ends it properly.
      timer.unref();
      this.wake = done;
    });
  }
}
