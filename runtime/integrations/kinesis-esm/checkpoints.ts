import { DurableJsonFile } from '../../core/durable-file';

/** Per mapping, per shard: the sequence number of the last record fully processed. */
type Checkpoints = Record<string, Record<string, string>>;

/**
 * How long a checkpoint may wait before it is written. Saving is a synchronous write, fsync and rename that
 * stalls the whole runtime for a few milliseconds; with batches leaving as soon as records arrive (no batching
 * window) it came after every batch of every shard. Coalesced, a crash can lose at most this much progress,
 * which only means those records are delivered again.
 */
export const CHECKPOINT_SAVE_DELAY_MS = 200;

/**
 * Event source mapping checkpoints, so a restart resumes after the last batch (records since the last save
 * are delivered again: at-least-once, like Lambda and the KCL). A stop writes what is pending (`flush`).
 */
export class CheckpointStore {
  private readonly file: DurableJsonFile<Checkpoints>;
  private state: Checkpoints;
  private pendingSave?: NodeJS.Timeout;

  constructor(path: string | undefined) {
    this.file = new DurableJsonFile<Checkpoints>(path, 'esm-checkpoints', 1);
    this.state = this.file.load() ?? {};
  }

  get(mapping: string, shardId: string): string | undefined {
    return this.state[mapping]?.[shardId];
  }

  set(mapping: string, shardId: string, sequenceNumber: string): void {
    (this.state[mapping] ??= {})[shardId] = sequenceNumber;
    if (!this.file.path || this.pendingSave) return;
    // Wall time: it paces disk writes, and must not wait for a stopped runtime clock.
    this.pendingSave = setTimeout(() => this.flush(), CHECKPOINT_SAVE_DELAY_MS);
    this.pendingSave.unref();
  }

  /** Writes the checkpoints now if a save is pending. */
  flush(): void {
    if (!this.pendingSave) return;
    clearTimeout(this.pendingSave);
    this.pendingSave = undefined;
    this.file.save(this.state);
  }

  /** A deleted mapping's checkpoints go with it: a new mapping starts from its own starting position. */
  drop(mapping: string): void {
    if (!(mapping in this.state)) return;
    delete this.state[mapping];
    clearTimeout(this.pendingSave);
    this.pendingSave = undefined;
    this.file.save(this.state);
  }

  reset(): void {
    clearTimeout(this.pendingSave);
    this.pendingSave = undefined;
    this.state = {};
    this.file.remove();
  }
}
