/**
 * The contract between the ASL interpreter (`asl/`: pure, no I/O of its own) and the Step Functions
 * service that runs it (`sfn/`: durable history, task integrations, task tokens, timers).
 *
 * Durability is by replay. An execution's history is its durable log; every event the interpreter emits
 * carries a `key` that is the same on every run of the same execution (it names the state, the visit, the
 * Map item or Parallel branch and the attempt, never a time or a counter shared between branches). After a
 * restart the service runs the interpreter again from the start with the recorded events: `record` returns
 * the recorded event for a key it already holds (appending nothing), and the interpreter takes every
 * recorded outcome (a task's result or error, a Wait's deadline, a retry's delay, a Choice's branch) from
 * the log instead of doing the work again. So nothing already done runs twice, and the history is never
 * rewritten.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** AWS's history event types (`HistoryEvent.type`). */
export type HistoryEventType =
  | 'ActivityFailed' | 'ActivityScheduleFailed' | 'ActivityScheduled' | 'ActivityStarted' | 'ActivitySucceeded' | 'ActivityTimedOut'
  | 'ChoiceStateEntered' | 'ChoiceStateExited' | 'EvaluationFailed'
  | 'ExecutionAborted' | 'ExecutionFailed' | 'ExecutionRedriven' | 'ExecutionStarted' | 'ExecutionSucceeded' | 'ExecutionTimedOut'
  | 'FailStateEntered'
  | 'LambdaFunctionFailed' | 'LambdaFunctionScheduleFailed' | 'LambdaFunctionScheduled' | 'LambdaFunctionStartFailed'
  | 'LambdaFunctionStarted' | 'LambdaFunctionSucceeded' | 'LambdaFunctionTimedOut'
  | 'MapIterationAborted' | 'MapIterationFailed' | 'MapIterationStarted' | 'MapIterationSucceeded'
  | 'MapRunAborted' | 'MapRunFailed' | 'MapRunRedriven' | 'MapRunStarted' | 'MapRunSucceeded'
  | 'MapStateAborted' | 'MapStateEntered' | 'MapStateExited' | 'MapStateFailed' | 'MapStateStarted' | 'MapStateSucceeded'
  | 'ParallelStateAborted' | 'ParallelStateEntered' | 'ParallelStateExited' | 'ParallelStateFailed' | 'ParallelStateStarted' | 'ParallelStateSucceeded'
  | 'PassStateEntered' | 'PassStateExited' | 'SucceedStateEntered' | 'SucceedStateExited'
  | 'TaskFailed' | 'TaskScheduled' | 'TaskStartFailed' | 'TaskStarted' | 'TaskStateAborted' | 'TaskStateEntered' | 'TaskStateExited'
  | 'TaskSubmitFailed' | 'TaskSubmitted' | 'TaskSucceeded' | 'TaskTimedOut'
  | 'WaitStateAborted' | 'WaitStateEntered' | 'WaitStateExited';

/** An event as the interpreter emits it; the log gives it its id, previousEventId and timestamp. */
export interface HistoryEventDraft {
  type: HistoryEventType;
  /** The event's `<camelCaseType>EventDetails` member exactly as GetExecutionHistory returns it (payloads as JSON text). */
  details?: Record<string, unknown>;
  /** Stable across replays of the same execution, unique within it. */
  key: string;
  /** The key of the event this one follows in its branch (its previousEventId); absent for ExecutionStarted. */
  previousKey?: string;
}

export interface RecordedEvent {
  id: number;
  previousEventId: number;
  timestamp: Date;
  type: HistoryEventType;
  details?: Record<string, unknown>;
}

/** What the interpreter knows of the execution it runs (the Context object's `Execution` and `StateMachine`). */
export interface ExecutionInfo {
  executionArn: string;
  name: string;
  stateMachineArn: string;
  stateMachineName: string;
  roleArn: string;
  /** The execution's input, already parsed (StartExecution checked its size and syntax). */
  input: Json;
  startTime: Date;
  redriveCount: number;
  /** When the execution was last redriven (`$$.Execution.RedriveTime`), if it was. */
  redriveTime?: Date;
}

/** One task attempt, as the interpreter hands it to the service once its parameters are evaluated. */
export interface TaskCall {
  /**
   * The attempt's stable key (the same on replay); task tokens are derived from it. The attempt's events have
   * the keys `<key>:scheduled`, `<key>:started`, `<key>:submitted` (callback tasks) and `<key>:outcome`, so a
   * resumed callback attempt knows from `recorded(<key>:submitted)` that its token is already out.
   */
  key: string;
  /** The state's `Resource`, as written (e.g. `arn:aws:states:::aws-sdk:kms:disableKey`, a Lambda function ARN). */
  resource: string;
  /** The effective parameters (JSONPath: after InputPath and Parameters; JSONata: the evaluated Arguments). */
  parameters: Json;
  /** The state's `Credentials` (a role to assume instead of the state machine's), when it has one. */
  credentials?: { roleArn: string };
  timeoutSeconds: number;
  heartbeatSeconds?: number;
  /** The `$$.Task.Token` of this attempt, for `.waitForTaskToken` resources. */
  taskToken?: string;
  /** Aborted when the attempt times out, the state is aborted or the execution is stopped. */
  signal: AbortSignal;
  /** True when the log shows this attempt was started before a restart and has no outcome yet. */
  resumed: boolean;
  /** For callback tasks: the service calls this once the request that hands out the token was accepted (TaskSubmitted). */
  submitted(output: Json): void;
}

/** A task's failure, with the error name ASL matches Retry and Catch on (e.g. `Kms.DisabledException`). */
export class TaskFailure extends Error {
  constructor(
    readonly error: string,
    override readonly cause: string,
  ) {
    super(`${error}: ${cause}`);
    this.name = 'TaskFailure';
  }
}

/** What the service gives the interpreter to run one execution. */
export interface ExecutionHost {
  info: ExecutionInfo;
  /** Appends `event` durably before resolving; on replay, resolves to the recorded event with that key. */
  record(event: HistoryEventDraft): Promise<RecordedEvent>;
  /** The recorded event with this key, if the log holds one (replay). */
  recorded(key: string): RecordedEvent | undefined;
  /** Runs a task attempt; rejects with a TaskFailure for an error ASL can see. */
  invokeTask(call: TaskCall): Promise<Json>;
  /** The token that `$$.Task.Token` holds for the attempt with this key (stable across restarts). */
  taskToken(key: string): string;
  /** The runtime clock's now. */
  now(): Date;
  /** Resolves at `deadline` on the runtime clock (advancing the clock fires it); rejects when `signal` aborts. */
  sleepUntil(deadline: Date, signal: AbortSignal): Promise<void>;
  /**
   * How much of a Wait's or a retry interval's length is really waited: 1 is real time, 0.01 makes a
   * one-hour Wait last 36 s. The interpreter computes deadlines as entered time + length x timeScale.
   */
  timeScale: number;
  /** Aborted by StopExecution; `stopReason` then says why. */
  stopSignal: AbortSignal;
  stopReason(): { error?: string; cause?: string };
}

export type ExecutionOutcome =
  | { status: 'SUCCEEDED'; output: Json }
  | { status: 'FAILED' | 'TIMED_OUT' | 'ABORTED'; error?: string; cause?: string };
