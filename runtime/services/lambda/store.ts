import { DurableJsonFile } from '../../core/durable-file';
import type { EventSourceMapping, LambdaFunction } from './model';

interface LambdaState {
  functions: Record<string, LambdaFunction>;
  mappings: Record<string, EventSourceMapping>;
}

const empty = (): LambdaState => ({ functions: {}, mappings: {} });

/** Functions and event source mappings, persisted as one state file (functions come from the template, which is not redeployed on restart). */
export class LambdaStore {
  private readonly file: DurableJsonFile<LambdaState>;
  private state: LambdaState;
  private readonly listeners: Array<() => void> = [];

  constructor(path: string | undefined) {
    this.file = new DurableJsonFile<LambdaState>(path, 'lambda', 1);
    this.state = this.file.load() ?? empty();
  }

  getFunction(name: string): LambdaFunction | undefined {
    return this.state.functions[name];
  }

  listFunctions(): LambdaFunction[] {
    return Object.values(this.state.functions).sort((a, b) => a.name.localeCompare(b.name));
  }

  putFunction(fn: LambdaFunction): void {
    this.state.functions[fn.name] = fn;
    this.save();
  }

  deleteFunction(name: string): void {
    delete this.state.functions[name];
    this.save();
  }

  getMapping(uuid: string): EventSourceMapping | undefined {
    return this.state.mappings[uuid];
  }

  listMappings(): EventSourceMapping[] {
    return Object.values(this.state.mappings).sort((a, b) => a.uuid.localeCompare(b.uuid));
  }

  putMapping(mapping: EventSourceMapping): void {
    this.state.mappings[mapping.uuid] = mapping;
    this.save();
  }

  deleteMapping(uuid: string): void {
    delete this.state.mappings[uuid];
    this.save();
  }

  /** Called after every change of the mappings (the event source poller follows them). */
  onMappingsChanged(listener: () => void): void {
    this.listeners.push(listener);
  }

  reset(): void {
    this.state = empty();
    this.file.remove();
    this.notify();
  }

  private save(): void {
    this.file.save(this.state);
    this.notify();
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }
}
