import { DurableJsonFile } from '../../core/durable-file';
import type { SqsQueue } from './model';

interface SqsState {
  queues: Record<string, SqsQueue>;
}

/**
 * The queues of one account and region, messages included. Every operation that changes a queue or
 * its messages (receives too: they move visibility and count receives) commits before it answers,
 * so an acknowledged SendMessage survives a restart.
 */
export class SqsStore {
  private readonly file: DurableJsonFile<SqsState>;
  private state: SqsState;

  constructor(path: string | undefined) {
    this.file = new DurableJsonFile<SqsState>(path, 'sqs', 1);
    this.state = this.file.load() ?? { queues: {} };
  }

  queue(name: string): SqsQueue | undefined {
    return this.state.queues[name];
  }

  queues(): SqsQueue[] {
    return Object.values(this.state.queues).sort((a, b) => (a.name < b.name ? -1 : 1));
  }

  putQueue(queue: SqsQueue): void {
    this.state.queues[queue.name] = queue;
  }

  deleteQueue(name: string): void {
    delete this.state.queues[name];
  }

  commit(): void {
    this.file.save(this.state);
  }

  reset(): void {
    this.state = { queues: {} };
    this.commit();
  }
}
