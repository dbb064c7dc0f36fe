import { randomUUID } from 'node:crypto';
import type { CallContext } from '../../../core/operation';
import { sfnErrors } from '../errors';
import type { ExecutionStart } from '../model';
import { checkName, executionArn, expressExecutionArn } from '../names';
import type { Sfn } from '../sfn';
import type { Execution } from './execution-store';

export interface BeginRequest {
  stateMachineArn: string;
  name?: string;
  input?: string;
  traceHeader?: string;
}

/** Execution input: 256 KiB of UTF-8. https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html#service-limits-task-executions */
const MAX_INPUT_BYTES = 262144;

function checkInput(input: string): void {
  if (Buffer.byteLength(input) > MAX_INPUT_BYTES) {
    throw sfnErrors.validation(`1 validation error detected: Value at 'input' failed to satisfy constraint: Member must have length less than or equal to ${MAX_INPUT_BYTES}`);
  }
  try {
    JSON.parse(input);
  } catch (e) {
    throw sfnErrors.invalidExecutionInput((e as Error).message);
  }
}

/**
 * StartExecution and StartSyncExecution's shared part: checks, then the execution's start written durably
 * and the run begun. StartExecution is idempotent by name: the same name and input while the execution
 * runs answer with it; a closed one, or other input, is ExecutionAlreadyExists.
 * https://docs.aws.amazon.com/step-functions/latest/apireference/API_StartExecution.html
 */
export function beginExecution(sfn: Sfn, ctx: CallContext, request: BeginRequest, action: string): { execution: Execution; done: Promise<void> } {
  const machine = sfn.stateMachineAt(ctx, request.stateMachineArn, action);
  const name = request.name ?? randomUUID();
  checkName(name);
  const input = request.input ?? '{}';
  checkInput(input);
  const arn = machine.type === 'EXPRESS' ? expressExecutionArn(sfn.scope, machine.name, name, randomUUID()) : executionArn(sfn.scope, machine.name, name);
  const existing = sfn.executions.get(arn);
  if (existing) {
    if (existing.status === 'RUNNING' && existing.start.input === input) return { execution: existing, done: sfn.runner.whenDone(arn) };
    throw sfnErrors.executionAlreadyExists(arn);
  }
  const start: ExecutionStart = {
    executionArn: arn,
    name,
    stateMachineArn: machine.arn,
    stateMachineName: machine.name,
    type: machine.type,
    definition: machine.definition,
    roleArn: machine.roleArn,
    stateMachineUpdateDate: machine.updateDate,
    input,
    startDate: sfn.now(),
    ...(request.traceHeader !== undefined ? { traceHeader: request.traceHeader } : {}),
  };
  const execution = sfn.executions.create(start);
  const done = sfn.runner.start(execution);
  // AWS keeps nothing of an EXPRESS execution once it ended (StartSyncExecution has its result by then).
  if (machine.type === 'EXPRESS') void done.then(() => sfn.executions.forget(arn));
  return { execution, done };
}
