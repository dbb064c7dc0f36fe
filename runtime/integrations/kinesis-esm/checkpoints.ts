import { DurableJsonFile } from '../../core/durable-file';

/** Per mapping, per shard: the sequence number of the last record fully processed. */
type Checkpoints = Record<string, Record<string, string>>;

/**
 * Event source mapping checkpoints, saved after every batch so a restart resumes after the last one
 * (records since then are delivered again: at-least-once, like Lambda and the KCL).
 */
export class CheckpointStore {
  private readonly file: DurableJsonFile<Checkpoints>;
  private state: Checkpoints;

  constructor(path: string | undefined) {
    this.file = new DurableJsonFile<Checkpoints>(path, 'esm-checkpoints', 1);
    this.state = this.file.load() ?? {};
  }

  get(mapping: string, shardId: string): string | undefined {
    return this.state[mapping]?.[shardId];
  }

  set(mapping: string, shardId: string, sequenceNumber: string): void {
    (this.state[mapping] ??= {})[shardId] = sequenceNumber;
    this.file.save(this.state);
  }

  /** A deleted mapping's checkpoints go with it: a new mapping starts from its own starting position. */
  drop(mapping: string): void {
    if (!(mapping in this.state)) return;
    delete this.state[mapping];
    this.file.save(this.state);
  }

  reset(): void {
    this.state = {};
    this.file.remove();
  }
}
