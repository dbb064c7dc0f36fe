import type { Clock } from '../../../core/clock';
import type { RuntimeTimers } from '../../../core/timers';
import type { ExecutionHost, HistoryEventDraft, Json, RecordedEvent, TaskCall } from '../asl/host';
import type { Interpreter } from '../interpreter';
import type { Execution } from './execution-store';

/** Runs a task attempt for an execution (tasks/index.ts), and names the token of a callback attempt. */
export interface TaskInvoker {
  invoke(call: TaskCall, execution: Execution): Promise<Json>;
  taskToken(executionArn: string, key: string): string;
}

export interface RunnerDeps {
  interpreter: Interpreter;
  clock: Clock;
  timers: RuntimeTimers;
  tasks: TaskInvoker;
  timeScale: number;
  /** Called once an execution's status changed: it started (not when it resumes), or its terminal event was appended. */
  statusChanged(execution: Execution): void;
}

interface Run {
  controller: AbortController;
  /** Set by a reset or shutdown: the run goes no further, whatever it was waiting for. */
  halted: boolean;
  reason: { error?: string; cause?: string };
  done: Promise<void>;
}

/** Compiled definitions kept for executions to come: a machine runs many times with one definition. */
const COMPILED_CACHE_SIZE = 64;

/** A promise that never settles: what a frozen runner gives the interpreter, so it goes no further. */
const never = <T>() => new Promise<T>(() => undefined);

/**
 * Runs executions with the interpreter, giving each an ExecutionHost over its durable log. A RUNNING
 * execution found at start-up runs again from the start: the host answers every key the log holds with
 * the recorded event, so the interpreter skips what was done and goes on where the execution was.
 *
 * Shutdown freezes the runner rather than stopping executions: from then on the host appends nothing and
 * settles nothing, so every execution stays RUNNING in its log, as it was, and resumes on the next start.
 * A run whose host settles nothing more is left to the garbage collector.
 */
export class ExecutionRunner {
  private readonly runs = new Map<string, Run>();
  private readonly compiled = new Map<string, unknown>();
  private frozen = false;

  constructor(private readonly deps: RunnerDeps) {}

  /** Starts `execution` (just created by StartExecution) and resolves once it has ended. */
  start(execution: Execution): Promise<void> {
    this.deps.statusChanged(execution);
    return this.run(execution);
  }

  /** Runs again every execution the log shows RUNNING (module start). */
  resume(executions: Execution[]): void {
    for (const execution of executions) if (execution.status === 'RUNNING') void this.run(execution);
  }

  /** Settles once the execution has ended (at once when it is not running here). */
  whenDone(arn: string): Promise<void> {
    return this.runs.get(arn)?.done ?? Promise.resolve();
  }

  /** StopExecution: aborts the run with `reason` and resolves once the interpreter recorded the abort. */
  async stop(arn: string, reason: { error?: string; cause?: string }): Promise<void> {
    const run = this.runs.get(arn);
    if (!run) return;
    run.reason = reason;
    run.controller.abort();
    await run.done;
  }

  /** Shutdown: every run goes no further, and none starts. */
  freeze(): void {
    this.frozen = true;
    this.haltAll();
  }

  /** Reset: the runs going on now go no further (their executions are being forgotten); new ones may start. */
  haltAll(): void {
    for (const run of this.runs.values()) run.halted = true;
    this.runs.clear();
  }

  private run(execution: Execution): Promise<void> {
    const run: Run = { controller: new AbortController(), halted: this.frozen, reason: {}, done: Promise.resolve() };
    run.done = this.drive(execution, run).finally(() => {
      if (this.runs.get(execution.arn) === run) this.runs.delete(execution.arn);
    });
    this.runs.set(execution.arn, run);
    return run.done;
  }

  private async drive(execution: Execution, run: Run): Promise<void> {
    const host = this.host(execution, run);
    let outcome;
    try {
      outcome = await this.deps.interpreter.runExecution(this.machine(execution.start.definition), host);
    } catch (e) {
      // The interpreter's own failure, never the execution's: the execution still ends, and says why.
      console.error(`keydrill sfn: execution ${execution.arn} failed in the interpreter`, e);
      outcome = { status: 'FAILED' as const, error: 'States.Runtime', cause: `keydrill's interpreter failed: ${(e as Error).message}` };
    }
    if (run.halted || execution.end) return;
    // The interpreter records the terminal event itself; this only covers one that ended without it.
    const type = ({ SUCCEEDED: 'ExecutionSucceeded', FAILED: 'ExecutionFailed', TIMED_OUT: 'ExecutionTimedOut', ABORTED: 'ExecutionAborted' } as const)[outcome.status];
    const details = outcome.status === 'SUCCEEDED' ? { output: JSON.stringify(outcome.output) } : { error: outcome.error, cause: outcome.cause };
    await host.record({ type, key: 'keydrill:execution-end', details, previousKey: undefined });
  }

  /** A host for `execution` outside any run (TestState): StopExecution cannot reach it, and it records nothing of its own. */
  detachedHost(execution: Execution): ExecutionHost {
    return this.host(execution, { controller: new AbortController(), halted: this.frozen, reason: {}, done: Promise.resolve() });
  }

  private machine(definition: string): unknown {
    let machine = this.compiled.get(definition);
    if (machine === undefined) {
      machine = this.deps.interpreter.compileDefinition(definition);
      this.compiled.set(definition, machine);
      if (this.compiled.size > COMPILED_CACHE_SIZE) this.compiled.delete(this.compiled.keys().next().value!);
    }
    return machine;
  }

  private host(execution: Execution, run: Run): ExecutionHost {
    const { start } = execution;
    const deps = this.deps;
    return {
      info: {
        executionArn: start.executionArn,
        name: start.name,
        stateMachineArn: start.stateMachineArn,
        stateMachineName: start.stateMachineName,
        roleArn: start.roleArn,
        input: JSON.parse(start.input) as Json,
        startTime: new Date(start.startDate),
        redriveCount: 0,
      },
      record: async (event: HistoryEventDraft): Promise<RecordedEvent> => {
        const recorded = execution.recorded(event.key);
        if (recorded) return recorded;
        if (run.halted) return never();
        const wasRunning = !execution.end;
        const appended = execution.append(event, deps.clock.now());
        if (wasRunning && execution.end) deps.statusChanged(execution);
        return appended;
      },
      recorded: (key) => execution.recorded(key),
      invokeTask: (call) => (run.halted ? never() : deps.tasks.invoke(call, execution)),
      taskToken: (key) => deps.tasks.taskToken(start.executionArn, key),
      now: () => deps.clock.now(),
      sleepUntil: (deadline, signal) =>
        new Promise<void>((resolve, reject) => {
          if (signal.aborted) return reject(signal.reason);
          const cancel = deps.timers.at(deadline, () => {
            signal.removeEventListener('abort', onAbort);
            if (!run.halted) resolve();
          });
          const onAbort = () => {
            cancel();
            reject(signal.reason);
          };
          signal.addEventListener('abort', onAbort, { once: true });
        }),
      timeScale: deps.timeScale,
      stopSignal: run.controller.signal,
      stopReason: () => run.reason,
    };
  }
}
