import { DurableRecords } from '../../core/durable-records';
import type { EventSourceMapping, LambdaFunction } from './model';

/**
 * Functions and event source mappings, persisted as one state file (functions come from the template,
 * which is not redeployed on restart). Every operation that changes them commits before it answers.
 */
export class LambdaStore {
  private readonly records: DurableRecords<{ functions: LambdaFunction; mappings: EventSourceMapping }>;
  private readonly listeners: Array<() => void> = [];

  constructor(path: string | undefined) {
    this.records = new DurableRecords(path, 'lambda', 1, ['functions', 'mappings']);
  }

  getFunction(name: string): LambdaFunction | undefined {
    return this.records.get('functions', name);
  }

  listFunctions(): LambdaFunction[] {
    return this.records.list('functions').sort((a, b) => a.name.localeCompare(b.name));
  }

  putFunction(fn: LambdaFunction): void {
    this.records.put('functions', fn.name, fn);
  }

  deleteFunction(name: string): void {
    this.records.delete('functions', name);
  }

  getMapping(uuid: string): EventSourceMapping | undefined {
    return this.records.get('mappings', uuid);
  }

  listMappings(): EventSourceMapping[] {
    return this.records.list('mappings').sort((a, b) => a.uuid.localeCompare(b.uuid));
  }

  putMapping(mapping: EventSourceMapping): void {
    this.records.put('mappings', mapping.uuid, mapping);
  }

  deleteMapping(uuid: string): void {
    this.records.delete('mappings', uuid);
  }

  /** Called after every commit (the event source poller follows the mappings). */
  onMappingsChanged(listener: () => void): void {
    this.listeners.push(listener);
  }

  commit(): void {
    this.records.commit();
    this.notify();
  }

  reset(): void {
    this.records.reset();
    this.notify();
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }
}
