/**
 * An in-memory ExecutionHost for the interpreter's unit tests: a virtual clock (a timer fires only once nothing
 * else can run, earliest deadline first, so "slow" tasks and timeouts race deterministically), task handlers by
 * resource, and a log that a second host can replay to simulate a restart of the runtime.
 */
import { loadDefinition, runExecution, TaskFailure, type ExecutionHost, type ExecutionOutcome, type HistoryEventDraft, type Json, type RecordedEvent, type TaskCall } from '../../runtime/services/sfn/asl';

export interface LoggedEvent extends RecordedEvent {
  key: string;
}

export type TaskHandler = (call: TaskCall, host: FakeHost) => Json | Promise<Json>;

export interface FakeHostOptions {
  input?: Json;
  handlers?: Record<string, TaskHandler>;
  timeScale?: number;
  /** The events a previous run recorded (a restart replays them). */
  log?: LoggedEvent[];
  /** Record at most this many new events, then never resolve again (the runtime "crashed"). */
  crashAfter?: number;
  start?: Date;
}

interface Timer {
  at: number;
  resolve: () => void;
}

export const START = new Date('2026-01-01T00:00:00.000Z');

export class FakeHost implements ExecutionHost {
  readonly log: LoggedEvent[];
  readonly calls: TaskCall[] = [];
  readonly timeScale: number;
  readonly info;
  private readonly byKey = new Map<string, LoggedEvent>();
  private readonly stopper = new AbortController();
  private reason: { error?: string; cause?: string } = {};
  private timers: Timer[] = [];
  private clock: number;
  private pumping = false;
  private newEvents = 0;
  private disposed = false;

  constructor(private readonly options: FakeHostOptions = {}) {
    this.log = options.log ? [...options.log] : [];
    for (const event of this.log) this.byKey.set(event.key, event);
    this.timeScale = options.timeScale ?? 1;
    const start = options.start ?? START;
    this.clock = Math.max(start.getTime(), ...this.log.map((e) => e.timestamp.getTime()));
    this.info = {
      executionArn: 'arn:aws:states:us-east-1:000000000000:execution:machine:run-1',
      name: 'run-1',
      stateMachineArn: 'arn:aws:states:us-east-1:000000000000:stateMachine:machine',
      stateMachineName: 'machine',
      roleArn: 'arn:aws:iam::000000000000:role/machine-role',
      input: options.input ?? {},
      startTime: start,
      redriveCount: 0,
    };
  }

  get stopSignal(): AbortSignal {
    return this.stopper.signal;
  }

  stopReason() {
    return this.reason;
  }

  stop(error?: string, cause?: string): void {
    this.reason = { ...(error !== undefined && { error }), ...(cause !== undefined && { cause }) };
    this.stopper.abort();
  }

  now(): Date {
    return new Date(this.clock);
  }

  async record(draft: HistoryEventDraft): Promise<RecordedEvent> {
    const existing = this.byKey.get(draft.key);
    if (existing) {
      if (existing.type !== draft.type) throw new Error(`replay diverged at ${draft.key}: recorded ${existing.type}, now ${draft.type}`);
      return existing;
    }
    if (this.options.crashAfter !== undefined && this.newEvents >= this.options.crashAfter) return new Promise<never>(() => undefined);
    this.newEvents++;
    const previous = draft.previousKey === undefined ? undefined : this.byKey.get(draft.previousKey);
    if (draft.previousKey !== undefined && !previous) throw new Error(`previousKey ${draft.previousKey} of ${draft.key} was never recorded`);
    const event: LoggedEvent = {
      key: draft.key,
      id: this.log.length + 1,
      previousEventId: previous?.id ?? 0,
      timestamp: this.now(),
      type: draft.type,
      ...(draft.details && { details: structuredClone(draft.details) }),
    };
    this.log.push(event);
    this.byKey.set(draft.key, event);
    return event;
  }

  recorded(key: string): RecordedEvent | undefined {
    return this.byKey.get(key);
  }

  async invokeTask(call: TaskCall): Promise<Json> {
    this.calls.push(call);
    const handler = this.options.handlers?.[call.resource];
    if (!handler) return call.parameters;
    return handler(call, this);
  }

  taskToken(key: string): string {
    return `token:${key}`;
  }

  sleepUntil(deadline: Date, signal: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal.aborted) return reject(new Error('aborted'));
      const timer: Timer = {
        at: deadline.getTime(),
        resolve: () => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = () => {
        this.timers = this.timers.filter((t) => t !== timer);
        reject(new Error('aborted'));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.timers.push(timer);
      this.pump();
    });
  }

  /** Virtual time for a task handler that "takes" `seconds`. */
  sleep(seconds: number, signal?: AbortSignal): Promise<void> {
    return this.sleepUntil(new Date(this.clock + seconds * 1000), signal ?? new AbortController().signal);
  }

  /** Stops firing timers (for a run abandoned by a simulated crash). */
  dispose(): void {
    this.disposed = true;
  }

  /** Fires the earliest timer once every promise and immediate that can run has run. */
  private pump(): void {
    if (this.pumping) return;
    this.pumping = true;
    const settle = (turns: number) => {
      if (this.disposed) return;
      if (turns > 0) return void setImmediate(() => settle(turns - 1));
      this.pumping = false;
      if (this.timers.length === 0) return;
      this.timers.sort((a, b) => a.at - b.at);
      const timer = this.timers.shift()!;
      this.clock = Math.max(this.clock, timer.at);
      timer.resolve();
      if (this.timers.length > 0) this.pump();
    };
    settle(5);
  }
}

/**
 * Runs a definition on a fresh fake host; returns the outcome and the host (its log and calls). The definition is
 * loaded unvalidated (validation has tests of its own, and asl-validator takes half a second per definition).
 */
export async function run(definition: object, options: FakeHostOptions = {}): Promise<{ outcome: ExecutionOutcome; host: FakeHost }> {
  const host = new FakeHost(options);
  const outcome = await runExecution(loadDefinition(JSON.stringify(definition)), host);
  return { outcome, host };
}

const settled = async () => {
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
};

/**
 * Runs a definition that "crashes" after `crashAfter` new events, then runs it again over the crashed run's log,
 * as the service does after a restart. Returns the second run's outcome and both hosts.
 */
export async function runWithRestart(definition: object, crashAfter: number, options: FakeHostOptions = {}) {
  const machine = loadDefinition(JSON.stringify(definition));
  const crashed = new FakeHost({ ...options, crashAfter });
  void runExecution(machine, crashed);
  while (crashed.log.length < crashAfter) await settled();
  await settled();
  crashed.dispose();
  const resumed = new FakeHost({ ...options, log: crashed.log });
  const outcome = await runExecution(machine, resumed);
  return { outcome, crashed, resumed };
}

/** The event types of a log, in order. */
export const types = (log: LoggedEvent[]) => log.map((e) => e.type);

/** A task handler that fails with an ASL error. */
export const failWith = (error: string, cause = 'failed') => (): never => {
  throw new TaskFailure(error, cause);
};
