import type { DescribeExecutionInput, DescribeExecutionOutput } from '@aws-sdk/client-sfn';
import { arnShape, includedData } from '../inputs';
import { operation } from '../sfn';
import { describeExecutionView } from '../views';

export const describeExecution = operation<DescribeExecutionInput, DescribeExecutionOutput>({
  name: 'DescribeExecution',
  input: { executionArn: arnShape, includedData },
  run(sfn, input, ctx) {
    return describeExecutionView(sfn.executionAt(ctx, input.executionArn, 'states:DescribeExecution'), input.includedData !== 'METADATA_ONLY');
  },
});
