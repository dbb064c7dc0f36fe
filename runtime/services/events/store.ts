import { DurableRecords } from '../../core/durable-records';
import { DEFAULT_BUS, type EventBus, type EventRule } from './model';

/** Rules are keyed by bus and name: two buses may each have a rule of the same name. */
const ruleKey = (busName: string, name: string) => `${busName}|${name}`;

/**
 * The buses and rules (with their targets and tags) of one account and Region, in `state/events.json`.
 * Every operation that changes them commits before it answers. The default bus is always there: it is put
 * back whenever the store starts empty (first start, reset).
 */
export class EventsStore {
  private readonly records: DurableRecords<{ buses: EventBus; rules: EventRule }>;
  private readonly listeners: (() => void)[] = [];

  constructor(
    path: string | undefined,
    private readonly defaultBus: () => EventBus,
  ) {
    this.records = new DurableRecords(path, 'events', 1, ['buses', 'rules']);
    this.ensureDefaultBus();
  }

  bus(name: string): EventBus | undefined {
    return this.records.get('buses', name);
  }

  buses(): EventBus[] {
    return this.records.list('buses').sort((a, b) => (a.name < b.name ? -1 : 1));
  }

  putBus(bus: EventBus): void {
    this.records.put('buses', bus.name, bus);
  }

  deleteBus(name: string): void {
    for (const rule of this.rules(name)) this.records.delete('rules', ruleKey(name, rule.name));
    this.records.delete('buses', name);
  }

  rule(busName: string, name: string): EventRule | undefined {
    return this.records.get('rules', ruleKey(busName, name));
  }

  /** The rules of one bus in name order (ListRules' order), or of every bus. */
  rules(busName?: string): EventRule[] {
    const all = this.records.list('rules');
    return (busName === undefined ? all : all.filter((r) => r.busName === busName)).sort((a, b) => (a.name < b.name ? -1 : 1));
  }

  putRule(rule: EventRule): void {
    this.records.put('rules', ruleKey(rule.busName, rule.name), rule);
  }

  deleteRule(busName: string, name: string): void {
    this.records.delete('rules', ruleKey(busName, name));
  }

  /** Saves every change, then tells the listeners (the schedules and the matcher cache) that rules may have changed. */
  commit(): void {
    this.records.commit();
    for (const listener of this.listeners) listener();
  }

  onCommit(listener: () => void): void {
    this.listeners.push(listener);
  }

  reset(): void {
    this.records.reset();
    this.ensureDefaultBus();
    for (const listener of this.listeners) listener();
  }

  private ensureDefaultBus(): void {
    if (this.bus(DEFAULT_BUS)) return;
    this.putBus(this.defaultBus());
    this.records.commit();
  }
}
