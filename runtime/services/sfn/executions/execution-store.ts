import { createHash } from 'node:crypto';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DurableJsonLog } from '../../../core/durable-log';
import type { HistoryEventDraft, HistoryEventType, RecordedEvent } from '../asl/host';
import type { ExecutionEnd, ExecutionStart, ExecutionStatus } from '../model';

/** What a SendTaskSuccess or SendTaskFailure delivered for a callback task, kept until the interpreter records it. */
export type CallbackOutcome = { kind: 'success'; output: string } | { kind: 'failure'; error?: string; cause?: string };

/** One line of an execution's log: its start, then history events and callback outcomes in the order they happened. */
export type ExecutionLogEntry =
  | { kind: 'start'; start: ExecutionStart }
  | { kind: 'event'; key: string; event: Omit<RecordedEvent, 'timestamp'> & { timestamp: number } }
  | { kind: 'callback'; key: string; outcome: CallbackOutcome };

const LOG_KIND = 'sfn-execution';
const LOG_FORMAT = 1;

/** The history event that ends an execution, and the status it ends it with. */
const TERMINAL_EVENTS: Partial<Record<HistoryEventType, ExecutionEnd['status']>> = {
  ExecutionSucceeded: 'SUCCEEDED',
  ExecutionFailed: 'FAILED',
  ExecutionTimedOut: 'TIMED_OUT',
  ExecutionAborted: 'ABORTED',
};

/**
 * One execution: what started it, its history and how it ended, all from its durable log. Every event is
 * appended (and fsynced) before `append` returns, so a transition the interpreter goes on from is never lost.
 */
export class Execution {
  readonly events: RecordedEvent[] = [];
  private readonly byKey = new Map<string, RecordedEvent>();
  private readonly callbackOutcomes = new Map<string, CallbackOutcome>();
  end?: ExecutionEnd;

  constructor(
    readonly start: ExecutionStart,
    private readonly log: DurableJsonLog<ExecutionLogEntry>,
  ) {}

  get arn(): string {
    return this.start.executionArn;
  }

  get status(): ExecutionStatus {
    return this.end?.status ?? 'RUNNING';
  }

  recorded(key: string): RecordedEvent | undefined {
    return this.byKey.get(key);
  }

  /** Appends the event `draft` describes at `now`; its previousEventId is that of the event its previousKey names. */
  append(draft: HistoryEventDraft, now: Date): RecordedEvent {
    const previous = draft.previousKey === undefined ? undefined : this.byKey.get(draft.previousKey);
    const event: RecordedEvent = {
      id: this.events.length + 1,
      previousEventId: previous?.id ?? 0,
      timestamp: now,
      type: draft.type,
      ...(draft.details ? { details: draft.details } : {}),
    };
    this.log.append({ kind: 'event', key: draft.key, event: { ...event, timestamp: now.getTime() } });
    this.take(draft.key, event);
    // An ended execution appends nothing more: its file need not stay open.
    if (this.end) this.log.close();
    return event;
  }

  callbackOutcome(key: string): CallbackOutcome | undefined {
    return this.callbackOutcomes.get(key);
  }

  recordCallback(key: string, outcome: CallbackOutcome): void {
    this.log.append({ kind: 'callback', key, outcome });
    this.callbackOutcomes.set(key, outcome);
  }

  /** Rebuilds the execution from one entry of its log (loading), or from an event just appended. */
  replay(entry: ExecutionLogEntry): void {
    if (entry.kind === 'event') this.take(entry.key, { ...entry.event, timestamp: new Date(entry.event.timestamp) });
    else if (entry.kind === 'callback') this.callbackOutcomes.set(entry.key, entry.outcome);
  }

  close(): void {
    this.log.close();
  }

  remove(): void {
    this.log.remove();
  }

  private take(key: string, event: RecordedEvent): void {
    this.events.push(event);
    this.byKey.set(key, event);
    const status = TERMINAL_EVENTS[event.type];
    if (status) {
      const details = (event.details ?? {}) as { output?: string; error?: string; cause?: string };
      this.end = { status, stopDate: event.timestamp.getTime(), output: details.output, error: details.error, cause: details.cause };
    }
  }
}

/**
 * Every execution of the account and Region, one log file each under `directory` (STANDARD executions;
 * EXPRESS ones are kept in memory only, as AWS keeps no history for them). `directory` undefined keeps
 * everything in memory.
 */
export class ExecutionStore {
  private readonly executions = new Map<string, Execution>();

  constructor(private readonly directory: string | undefined) {
    this.load();
  }

  get(arn: string): Execution | undefined {
    return this.executions.get(arn);
  }

  /** Newest first, as ListExecutions returns them. */
  list(): Execution[] {
    return [...this.executions.values()].sort((a, b) => b.start.startDate - a.start.startDate || (a.arn < b.arn ? -1 : 1));
  }

  /** Writes the execution's start durably: once this returns, a restart resumes it. */
  create(start: ExecutionStart): Execution {
    const log = new DurableJsonLog<ExecutionLogEntry>(start.type === 'STANDARD' ? this.pathOf(start.executionArn) : undefined, LOG_KIND, LOG_FORMAT);
    log.append({ kind: 'start', start });
    const execution = new Execution(start, log);
    this.executions.set(start.executionArn, execution);
    return execution;
  }

  /** An execution kept nowhere, not even in memory: the one a TestState call runs its state in. */
  transient(start: ExecutionStart): Execution {
    return new Execution(start, new DurableJsonLog<ExecutionLogEntry>(undefined, LOG_KIND, LOG_FORMAT));
  }

  /** Forgets an EXPRESS execution once it ended: AWS keeps no history of them. */
  forget(arn: string): void {
    this.executions.get(arn)?.remove();
    this.executions.delete(arn);
  }

  reset(): void {
    for (const execution of this.executions.values()) execution.remove();
    this.executions.clear();
    if (this.directory) rmSync(this.directory, { recursive: true, force: true });
  }

  close(): void {
    for (const execution of this.executions.values()) execution.close();
  }

  private pathOf(arn: string): string | undefined {
    return this.directory && join(this.directory, `${createHash('sha256').update(arn).digest('hex').slice(0, 40)}.log`);
  }

  private load(): void {
    if (!this.directory || !existsSync(this.directory)) return;
    for (const file of readdirSync(this.directory).filter((f) => f.endsWith('.log')).sort()) {
      const log = new DurableJsonLog<ExecutionLogEntry>(join(this.directory, file), LOG_KIND, LOG_FORMAT);
      const [first, ...rest] = log.load();
      // A log without its start line was torn while StartExecution wrote it: that call was never acknowledged.
      if (first?.kind !== 'start') {
        log.remove();
        continue;
      }
      const execution = new Execution(first.start, log);
      for (const entry of rest) execution.replay(entry);
      this.executions.set(execution.arn, execution);
    }
  }
}
