import { DurableRecords } from '../../core/durable-records';
import type { SqsQueue } from './model';

/**
 * The queues of one account and region, messages included. Every operation that changes a queue or
 * its messages (receives too: they move visibility and count receives) commits before it answers,
 * so an acknowledged SendMessage survives a restart.
 */
export class SqsStore {
  private readonly records: DurableRecords<{ queues: SqsQueue }>;

  constructor(path: string | undefined) {
    this.records = new DurableRecords(path, 'sqs', 1, ['queues']);
  }

  queue(name: string): SqsQueue | undefined {
    return this.records.get('queues', name);
  }

  queues(): SqsQueue[] {
    return this.records.list('queues').sort((a, b) => (a.name < b.name ? -1 : 1));
  }

  putQueue(queue: SqsQueue): void {
    this.records.put('queues', queue.name, queue);
  }

  deleteQueue(name: string): void {
    this.records.delete('queues', name);
  }

  commit(): void {
    this.records.commit();
  }

  reset(): void {
    this.records.reset();
  }
}
