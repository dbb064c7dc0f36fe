import { DurableRecords } from '../../core/durable-records';
import type { StateMachine } from './model';

/**
 * The state machines of one account and Region, by name, in `state/sfn.json`. Every operation that
 * changes one commits before it answers. Executions are not here: each has a log of its own (executions/).
 */
export class SfnStore {
  private readonly records: DurableRecords<{ stateMachines: StateMachine }>;

  constructor(path: string | undefined) {
    this.records = new DurableRecords(path, 'sfn', 1, ['stateMachines']);
  }

  stateMachine(name: string): StateMachine | undefined {
    return this.records.get('stateMachines', name);
  }

  /** Sorted by name, as ListStateMachines returns them. */
  stateMachines(): StateMachine[] {
    return this.records.list('stateMachines').sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  putStateMachine(machine: StateMachine): void {
    this.records.put('stateMachines', machine.name, machine);
  }

  deleteStateMachine(name: string): void {
    this.records.delete('stateMachines', name);
  }

  commit(): void {
    this.records.commit();
  }

  reset(): void {
    this.records.reset();
  }
}
