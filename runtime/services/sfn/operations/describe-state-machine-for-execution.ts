import type { DescribeStateMachineForExecutionInput, DescribeStateMachineForExecutionOutput } from '@aws-sdk/client-sfn';
import { arnShape, includedData } from '../inputs';
import { operation } from '../sfn';
import { stateMachineForExecutionView } from '../views';

export const describeStateMachineForExecution = operation<DescribeStateMachineForExecutionInput, DescribeStateMachineForExecutionOutput>({
  name: 'DescribeStateMachineForExecution',
  input: { executionArn: arnShape, includedData },
  run(sfn, input, ctx) {
    const execution = sfn.executionAt(ctx, input.executionArn, 'states:DescribeStateMachineForExecution');
    return stateMachineForExecutionView(execution, sfn.store.stateMachine(execution.start.stateMachineName));
  },
});
