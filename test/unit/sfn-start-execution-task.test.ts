import type { Dispatcher } from '../../runtime/core/dispatcher';
import type { Caller } from '../../runtime/core/operation';
import type { TaskCall } from '../../runtime/services/sfn/asl/host';
import type { Execution } from '../../runtime/services/sfn/executions/execution-store';
import { startExecutionTask, type NestedExecutions } from '../../runtime/services/sfn/tasks/states-start-execution';

const CHILD_MACHINE = 'arn:aws:states:us-east-1:000000000000:stateMachine:Child';
const CHILD = 'arn:aws:states:us-east-1:000000000000:execution:Child:run-1';

/** A `.sync:2` attempt whose StartExecution answers only after `duringStart` ran (e.g. the parent was stopped then). */
function attempt(duringStart: (abort: AbortController) => void) {
  const abort = new AbortController();
  const stopped: { arn: string; error?: string }[] = [];
  const dispatcher = {
    call: async () => {
      duringStart(abort);
      return { executionArn: CHILD, startDate: new Date() };
    },
  } as unknown as Dispatcher;
  const nested: NestedExecutions = {
    get: () => undefined,
    whenDone: () => new Promise<void>(() => undefined),
    stop: async (arn, reason) => void stopped.push({ arn, error: reason.error }),
  };
  const call = { key: 'k', resource: 'arn:aws:states:::states:startExecution.sync:2', parameters: { StateMachineArn: CHILD_MACHINE, Name: 'run-1' }, timeoutSeconds: 60, signal: abort.signal, resumed: false } as unknown as TaskCall;
  const run = startExecutionTask({ call, execution: { arn: 'arn:aws:states:us-east-1:000000000000:execution:Parent:p' } as unknown as Execution, caller: {} as Caller, dispatcher }, nested, 'sync:2');
  return { run, stopped, abort };
}

test('a parent stopped while its StartExecution is on its way stops the child that call started', async () => {
  const { run, stopped } = attempt((abort) => abort.abort(new Error('the parent execution was stopped')));
  await expect(run).rejects.toThrow('the parent execution was stopped');
  expect(stopped).toEqual([{ arn: CHILD, error: 'States.Aborted' }]);
});

test('a parent stopped while it waits for the child stops the child', async () => {
  const { run, stopped, abort } = attempt(() => undefined);
  await new Promise((resolve) => setImmediate(resolve));
  expect(stopped).toEqual([]);
  abort.abort(new Error('the parent execution was stopped'));
  await expect(run).rejects.toThrow('the parent execution was stopped');
  expect(stopped).toEqual([{ arn: CHILD, error: 'States.Aborted' }]);
});
