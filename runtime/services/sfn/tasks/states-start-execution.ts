import { createHash } from 'node:crypto';
import { TaskFailure, type Json } from '../asl/host';
import type { Execution } from '../executions/execution-store';
import { callService, parametersObject, type TaskContext } from './task-context';

/** The executions of this same service a `.sync` task starts and waits for. */
export interface NestedExecutions {
  get(arn: string): Execution | undefined;
  whenDone(arn: string): Promise<void>;
  stop(arn: string, reason: { error?: string; cause?: string }): Promise<void>;
}

export type StartExecutionMode = 'start' | 'sync' | 'sync:2';

const NAMING = { prefix: 'StepFunctions', serviceId: 'Sfn', appendException: true };

/**
 * A child execution's name when the task gives none: a UUID derived from the parent and the attempt, so
 * an attempt resumed after a restart finds the child it started rather than starting another.
 */
function derivedName(ctx: TaskContext): string {
  const hex = createHash('sha256').update(`${ctx.execution.arn}\n${ctx.call.key}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/**
 * `arn:aws:states:::states:startExecution[.sync[:2]]`: starts a state machine of this service as the task's
 * role; `.sync` waits for the child and returns its description (Output as text; `.sync:2` parses it), and a
 * child that did not succeed fails the Task with States.TaskFailed and its description as Cause.
 * https://docs.aws.amazon.com/step-functions/latest/dg/connect-stepfunctions.html
 */
export async function startExecutionTask(ctx: TaskContext, nested: NestedExecutions, mode: StartExecutionMode): Promise<Json> {
  const { StateMachineArn, Input, Name, TraceHeader } = parametersObject(ctx.call);
  const name = typeof Name === 'string' ? Name : derivedName(ctx);
  const input = Input === undefined ? undefined : typeof Input === 'string' ? Input : JSON.stringify(Input);
  const request = { stateMachineArn: StateMachineArn, name, input, traceHeader: TraceHeader };
  let executionArn: string;
  let startDate: Date;
  try {
    ({ executionArn, startDate } = (await callService(ctx, 'sfn', 'StartExecution', request, NAMING)) as { executionArn: string; startDate: Date });
  } catch (e) {
    const child = ctx.call.resumed && typeof StateMachineArn === 'string' ? nested.get(`${StateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`) : undefined;
    if (!child) throw e;
    ({ executionArn } = child.start);
    startDate = new Date(child.start.startDate);
  }
  if (mode === 'start') return { ExecutionArn: executionArn, StartDate: startDate.getTime() };
  await untilDone(nested, executionArn, ctx.call.signal);
  const description = describe(nested.get(executionArn)!, mode);
  if (description.Status !== 'SUCCEEDED') throw new TaskFailure('States.TaskFailed', JSON.stringify(description));
  return description;
}

/**
 * Waits for the child; an aborted attempt (timeout, parent stopped) stops the child, as Step Functions does. That
 * includes an attempt aborted while its StartExecution was on its way: the child it started then is stopped too.
 */
async function untilDone(nested: NestedExecutions, arn: string, signal: AbortSignal): Promise<void> {
  const stopChild = () => void nested.stop(arn, { error: 'States.Aborted', cause: 'The parent execution stopped waiting for this execution' });
  if (signal.aborted) {
    stopChild();
    throw signal.reason;
  }
  let onAbort = () => undefined as void;
  const aborted = new Promise<never>((_resolve, reject) => {
    onAbort = () => {
      stopChild();
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    await Promise.race([nested.whenDone(arn), aborted]);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

function describe(child: Execution, mode: StartExecutionMode): Record<string, Json> {
  const { start, end } = child;
  const output = end?.output;
  return {
    ExecutionArn: start.executionArn,
    Input: mode === 'sync:2' ? (JSON.parse(start.input) as Json) : start.input,
    InputDetails: { Included: true },
    Name: start.name,
    ...(output === undefined ? {} : { Output: mode === 'sync:2' ? (JSON.parse(output) as Json) : output, OutputDetails: { Included: true } }),
    StartDate: start.startDate,
    StateMachineArn: start.stateMachineArn,
    Status: child.status,
    ...(end ? { StopDate: end.stopDate } : {}),
    ...(end?.error !== undefined ? { Error: end.error } : {}),
    ...(end?.cause !== undefined ? { Cause: end.cause } : {}),
  };
}
