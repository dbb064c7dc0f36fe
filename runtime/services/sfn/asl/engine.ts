/**
 * The ASL interpreter: runs one execution of a compiled state machine against an ExecutionHost, recording every
 * history event itself (https://docs.aws.amazon.com/step-functions/latest/dg/concepts-amazon-states-language.html).
 *
 * Why our own and not aws-local-stepfunctions (the only maintained embeddable TypeScript interpreter): it ignores
 * JSONata silently (a JSONata state returns its input unchanged), keeps every execution in memory and cannot resume
 * one after a restart, has no task tokens, no `$$.State` / `$$.StateMachine` / `$$.Task`, no Variables, no heartbeats,
 * no 256 KiB checks, a 60 s default Task timeout instead of AWS's 99999999 s, and an event log without Task events
 * or previousEventId chains — each needs a hook the library does not have.
 *
 * Durability is by replay (see host.ts): every event's key names the branch, the state, its visit and the attempt,
 * so re-running the interpreter over a recorded log reaches the same keys and takes their recorded outcomes.
 */
import { contextObject } from './context';
import { ERRORS, Interrupted, StateFailure } from './failure';
import { stateEventType } from './history';
import type { ExecutionHost, ExecutionOutcome, HistoryEventDraft, HistoryEventType, Json, RecordedEvent } from './host';
import { MAX_HISTORY_EVENTS, payloadText } from './limits';
import type { CompiledMachine, QueryLanguage, StateDefinition, StatesBlock } from './parse';
import type { PathScope } from './paths';
import { decideAfterError } from './retry';
import { Variables } from './variables';
import { caughtOutput } from './io';
import { STATE_RUNNERS } from './states';

export interface StateResult {
  output: Json;
  /** Absent when the state ends its branch (End, Succeed). */
  next?: string;
  /** Variables the state assigned, for StateExited's assignedVariables. */
  assigned?: Map<string, Json>;
  /** The error a catcher caught (TestState reports it). */
  caught?: StateFailure;
}

const TERMINAL_EVENTS = new Set<HistoryEventType>(['ExecutionSucceeded', 'ExecutionFailed', 'ExecutionAborted', 'ExecutionTimedOut']);

/** One execution being run: the host, the machine, and the history cap shared by every branch. */
/**
 * How TestState runs a single state (https://docs.aws.amazon.com/step-functions/latest/dg/test-state-isolation.html):
 * one attempt (a retriable error is reported, not retried), a Context object given by the caller, and every
 * intermediate value of the state's input and output processing noted for inspectionData.
 */
export interface TestMode {
  retrierRetryCount: number;
  context?: Json;
  inspection: Record<string, string>;
}

/** A retrier would retry the error: TestState reports RETRIABLE instead of waiting. */
export class Retriable extends Error {
  constructor(readonly failure: StateFailure) {
    super(failure.message);
    this.name = 'Retriable';
  }
}

export class Run {
  private events = 0;

  constructor(
    readonly host: ExecutionHost,
    readonly machine: CompiledMachine,
    readonly test?: TestMode,
  ) {}

  async record(draft: HistoryEventDraft): Promise<RecordedEvent> {
    // The last slot is kept for the event that closes the execution.
    if (!TERMINAL_EVENTS.has(draft.type) && this.events >= MAX_HISTORY_EVENTS - 1) {
      throw new StateFailure(ERRORS.runtime, `The execution reached the maximum number of history events (${MAX_HISTORY_EVENTS}).`);
    }
    this.events++;
    return this.host.record(draft);
  }
}

/** A state failure whose cause already names the state it happened in (AWS prefixes States.Runtime causes once). */
class LocatedFailure extends StateFailure {}

/**
 * One sequential thread of states: the machine itself, a Parallel branch or a Map iteration. It owns its key
 * prefix, its visit counters and the previousEventId chain of its events, so concurrent branches never share one.
 */
export class Branch {
  private readonly visits = new Map<string, number>();
  lastKey: string | undefined;
  lastTime: Date;

  constructor(
    readonly run: Run,
    readonly prefix: string,
    readonly signal: AbortSignal,
    readonly variables: Variables,
    last: { key?: string; time: Date },
  ) {
    this.lastKey = last.key;
    this.lastTime = last.time;
  }

  nextVisit(name: string): number {
    const visit = (this.visits.get(name) ?? 0) + 1;
    this.visits.set(name, visit);
    return visit;
  }

  async record(type: HistoryEventType, key: string, details?: Record<string, unknown>): Promise<RecordedEvent> {
    const event = await this.run.record({ type, key, details, previousKey: this.lastKey });
    this.lastKey = key;
    this.lastTime = event.timestamp;
    return event;
  }

  /** A branch nested in this one (a Parallel branch, a Map iteration), chained after this branch's last event. */
  child(prefix: string, signal: AbortSignal, variables: Variables): Branch {
    return new Branch(this.run, prefix, signal, variables, { key: this.lastKey, time: this.lastTime });
  }

  /** Continues this branch's chain after `other`'s last event (a Parallel or Map after its last branch to finish). */
  follow(other: Branch): void {
    this.lastKey = other.lastKey;
    this.lastTime = other.lastTime;
  }

  /** Sleeps until `deadline` on the runtime clock; Interrupted when the branch is aborted first. */
  async sleepUntil(deadline: Date): Promise<void> {
    if (this.signal.aborted) throw new Interrupted();
    try {
      await this.run.host.sleepUntil(deadline, this.signal);
    } catch (error) {
      if (this.signal.aborted) throw new Interrupted();
      throw error;
    }
  }
}

/** One visit of a state: what every state type's runner reads and records through. */
export class Visit {
  constructor(
    readonly branch: Branch,
    readonly name: string,
    readonly state: StateDefinition,
    /** The state's raw input (before InputPath / Arguments). */
    readonly input: Json,
    /** Stable across replays: branch prefix, state name and visit number. */
    readonly key: string,
    readonly entered: RecordedEvent,
    readonly queryLanguage: QueryLanguage,
  ) {}

  get host(): ExecutionHost {
    return this.branch.run.host;
  }

  record(type: HistoryEventType, suffix: string, details?: Record<string, unknown>): Promise<RecordedEvent> {
    return this.branch.record(type, `${this.key}${suffix}`, details);
  }

  /**
   * Runs a nested block (a Parallel branch, a Map iteration) in `branch`. Its states default to the machine's
   * query language, not to this state's: AWS gives a Map's or Parallel's QueryLanguage no say over its branches.
   */
  runBlock(block: StatesBlock, input: Json, branch: Branch): Promise<Json> {
    return runBlock(block, input, branch, this.branch.run.machine.queryLanguage);
  }

  /** What paths and intrinsics of this visit may read. */
  scope(retryCount = 0, taskToken?: string): PathScope {
    const test = this.branch.run.test;
    const context = contextObject(this.host.info, { name: this.name, enteredTime: this.entered.timestamp, retryCount: test ? test.retrierRetryCount : retryCount, taskToken }, test?.context);
    return { context, variables: this.branch.variables.visible(), seed: `${this.key}/${retryCount}` };
  }

  /** Notes an intermediate value for TestState's inspectionData (nothing outside TestState). */
  inspect(field: string, value: Json): void {
    const inspection = this.branch.run.test?.inspection;
    if (inspection) inspection[field] = JSON.stringify(value);
  }

  /**
   * Runs `attempt` under the state's Retry and Catch: `attempt(n)` is the n-th try (0 first) and returns the
   * state's output; a retry waits its delay from the failure's recorded time, so a replay waits for the same deadline.
   */
  async withRecovery(attempt: (retryCount: number) => Promise<StateResult>): Promise<StateResult> {
    const retriers = this.state.Retry ?? [];
    const catchers = this.state.Catch ?? [];
    const test = this.branch.run.test;
    const counts = retriers.map(() => test?.retrierRetryCount ?? 0);
    for (let retryCount = 0; ; retryCount++) {
      try {
        return await attempt(retryCount);
      } catch (error) {
        if (!(error instanceof StateFailure)) throw error;
        const decision = decideAfterError(error.error, retriers, counts, catchers, `${this.key}/${retryCount}`);
        if (decision.kind === 'fail') throw error;
        if (decision.kind === 'catch') return { ...(await this.caught(decision.catcher, error)), caught: error };
        if (test) throw new Retriable(error);
        counts[decision.retrier]!++;
        const delayMs = decision.delaySeconds * 1000 * this.host.timeScale;
        await this.branch.sleepUntil(new Date(this.branch.lastTime.getTime() + delayMs));
      }
    }
  }

  private caught(index: number, failure: StateFailure): Promise<StateResult> {
    const errorOutput: { [k: string]: Json } = { Error: failure.error };
    if (failure.cause !== undefined) errorOutput.Cause = failure.cause;
    return caughtOutput(this, this.state.Catch![index]!, errorOutput);
  }
}

/** Runs a block of states (the machine, a branch, an iteration) from StartAt to a state that ends it. */
export async function runBlock(block: StatesBlock, input: Json, branch: Branch, outerLanguage: QueryLanguage): Promise<Json> {
  const language = block.QueryLanguage ?? outerLanguage;
  let name = block.StartAt;
  let current = input;
  for (;;) {
    if (branch.signal.aborted) throw new Interrupted();
    const result = await runState(name, block.States[name]!, current, branch, language);
    if (result.next === undefined) return result.output;
    name = result.next;
    current = result.output;
  }
}

const ABORTABLE = new Set(['Task', 'Wait', 'Map', 'Parallel']);

export async function runState(name: string, state: StateDefinition, input: Json, branch: Branch, blockLanguage: QueryLanguage): Promise<StateResult> {
  // State names may hold any character: encoded, they cannot be mistaken for the key's own separators (# / :).
  const key = `${branch.prefix}${encodeURIComponent(name)}#${branch.nextVisit(name)}`;
  const inputText = payloadText(input, `input of the state '${name}'`);
  const entered = await branch.record(stateEventType(state.Type, 'Entered'), `${key}:entered`, { name, input: inputText, inputDetails: { truncated: false } });
  const visit = new Visit(branch, name, state, input, key, entered, state.QueryLanguage ?? blockLanguage);
  let result: StateResult;
  try {
    result = await STATE_RUNNERS[state.Type](visit);
  } catch (error) {
    if (error instanceof Interrupted && ABORTABLE.has(state.Type)) await visit.record(stateEventType(state.Type, 'Aborted'), ':aborted');
    if (error instanceof StateFailure && error.error === ERRORS.runtime && !(error instanceof LocatedFailure)) {
      throw new LocatedFailure(error.error, `An error occurred while executing the state '${name}' (entered at the event id #${entered.id}). ${error.cause}`);
    }
    throw error;
  }
  if (state.Type !== 'Fail') {
    const details: Record<string, unknown> = { name, output: payloadText(result.output, `output of the state '${name}'`), outputDetails: { truncated: false } };
    if (result.assigned && result.assigned.size > 0) {
      details.assignedVariables = Object.fromEntries([...result.assigned].map(([k, v]) => [k, JSON.stringify(v)]));
      details.assignedVariablesDetails = { truncated: false };
    }
    await visit.record(stateEventType(state.Type, 'Exited'), ':exited', details);
  }
  return result;
}

/** Runs (or, after a restart, resumes) one execution to its end, and records how it ended. */
export async function runExecution(machine: CompiledMachine, host: ExecutionHost): Promise<ExecutionOutcome> {
  const run = new Run(host, machine);
  const { info } = host;
  const started = await run.record({
    type: 'ExecutionStarted',
    key: 'execution:started',
    details: { input: JSON.stringify(info.input), inputDetails: { truncated: false }, roleArn: info.roleArn },
  });
  const stopping = new AbortController();
  let reason: 'stopped' | 'timed-out' | undefined;
  const stop = (why: 'stopped' | 'timed-out') => {
    reason ??= why;
    stopping.abort();
  };
  const onStop = () => stop('stopped');
  if (host.stopSignal.aborted) onStop();
  else host.stopSignal.addEventListener('abort', onStop, { once: true });
  const timer = new AbortController();
  if (machine.definition.TimeoutSeconds !== undefined) {
    const deadline = new Date(info.startTime.getTime() + machine.definition.TimeoutSeconds * 1000);
    host.sleepUntil(deadline, timer.signal).then(() => stop('timed-out'), () => undefined);
  }
  const root = new Branch(run, '', stopping.signal, new Variables(), { key: 'execution:started', time: started.timestamp });
  const close = async (type: HistoryEventType, details: Record<string, unknown>) => {
    await run.record({ type, key: 'execution:closed', details, previousKey: root.lastKey });
  };
  try {
    const output = await runBlock(machine.definition, info.input, root, machine.queryLanguage);
    const text = payloadText(output, 'output of the execution');
    await close('ExecutionSucceeded', { output: text, outputDetails: { truncated: false } });
    return { status: 'SUCCEEDED', output };
  } catch (error) {
    if (error instanceof Interrupted || (reason && stopping.signal.aborted)) {
      if (reason === 'timed-out') {
        await close('ExecutionTimedOut', { error: ERRORS.timeout });
        return { status: 'TIMED_OUT', error: ERRORS.timeout };
      }
      const { error: stopError, cause } = host.stopReason();
      await close('ExecutionAborted', { ...(stopError !== undefined && { error: stopError }), ...(cause !== undefined && { cause }) });
      return { status: 'ABORTED', error: stopError, cause };
    }
    if (error instanceof StateFailure) {
      // A Fail state may give neither Error nor Cause.
      const failed = { ...(error.error !== '' && { error: error.error }), ...(error.cause !== undefined && { cause: error.cause }) };
      await close('ExecutionFailed', failed);
      return { status: 'FAILED', ...failed };
    }
    throw error;
  } finally {
    timer.abort();
    host.stopSignal.removeEventListener('abort', onStop);
  }
}
