import type { DescribeStateMachineInput, DescribeStateMachineOutput } from '@aws-sdk/client-sfn';
import { arnShape, includedData } from '../inputs';
import { operation } from '../sfn';
import { describeStateMachineView } from '../views';

export const describeStateMachine = operation<DescribeStateMachineInput, DescribeStateMachineOutput>({
  name: 'DescribeStateMachine',
  input: { stateMachineArn: arnShape, includedData },
  run(sfn, input, ctx) {
    return describeStateMachineView(sfn.stateMachineAt(ctx, input.stateMachineArn, 'states:DescribeStateMachine'));
  },
});
