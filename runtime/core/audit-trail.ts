import { randomUUID } from 'node:crypto';
import { DurableJsonLog } from './durable-log';

/** An EventBridge-shaped event, as AWS services and CloudTrail deliver them to the default bus. */
export interface AwsEvent {
  version: '0';
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: Record<string, unknown>;
}

type Listener = (event: AwsEvent) => void;

/** How many events are kept for late subscribers; older ones are dropped first. */
const TRAIL_RETENTION = 10_000;

/**
 * Management events recorded by the services (CloudTrail-shaped "AWS API Call via CloudTrail" events
 * and service events such as "KMS CMK Rotation"). They are kept durably so the EventBridge service can
 * deliver them, including the ones recorded before it subscribed.
 */
export class AuditTrail {
  private readonly log: DurableJsonLog<AwsEvent>;
  private events: AwsEvent[];
  /** Entries in the log file, which runs ahead of `events` until it is compacted. */
  private logged: number;
  private readonly listeners = new Set<Listener>();

  constructor(path: string | undefined) {
    this.log = new DurableJsonLog<AwsEvent>(path, 'trail', 1);
    this.events = this.log.load();
    this.logged = this.events.length;
    this.events = this.events.slice(-TRAIL_RETENTION);
  }

  record(event: Omit<AwsEvent, 'version' | 'id'>): AwsEvent {
    const full: AwsEvent = { version: '0', id: randomUUID(), ...event };
    this.events.push(full);
    if (this.events.length > TRAIL_RETENTION) this.events.splice(0, this.events.length - TRAIL_RETENTION);
    this.log.append(full);
    // Appends are cheap; dropping what is past retention rewrites the file, so it waits until it halves it.
    if (++this.logged > 2 * TRAIL_RETENTION) {
      this.log.compact(this.events);
      this.logged = this.events.length;
    }
    for (const listener of this.listeners) listener(full);
    return full;
  }

  list(): readonly AwsEvent[] {
    return this.events;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  clear(): void {
    this.events = [];
    this.logged = 0;
    this.log.compact([]);
  }

  close(): void {
    this.log.close();
  }
}
