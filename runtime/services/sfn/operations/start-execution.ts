import type { StartExecutionInput, StartExecutionOutput } from '@aws-sdk/client-sfn';
import { beginExecution } from '../executions/begin-execution';
import { arnShape, optionalName, payloadShape, traceHeader } from '../inputs';
import { operation } from '../sfn';

export const startExecution = operation<StartExecutionInput, StartExecutionOutput>({
  name: 'StartExecution',
  input: { stateMachineArn: arnShape, name: optionalName, input: payloadShape, traceHeader },
  run(sfn, input, ctx) {
    const { execution } = beginExecution(sfn, ctx, input, 'states:StartExecution');
    return { executionArn: execution.arn, startDate: new Date(execution.start.startDate) };
  },
});
