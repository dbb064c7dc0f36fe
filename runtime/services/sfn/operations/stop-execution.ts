import type { StopExecutionInput, StopExecutionOutput } from '@aws-sdk/client-sfn';
import { arnShape, causeShape, errorShape } from '../inputs';
import { operation } from '../sfn';

/** Answers once the execution is ABORTED (its ExecutionAborted event written); an ended execution answers with its stop date. */
export const stopExecution = operation<StopExecutionInput, StopExecutionOutput>({
  name: 'StopExecution',
  input: { executionArn: arnShape, error: errorShape, cause: causeShape },
  async run(sfn, input, ctx) {
    const execution = sfn.executionAt(ctx, input.executionArn, 'states:StopExecution');
    if (execution.status === 'RUNNING') await sfn.runner.stop(execution.arn, { error: input.error, cause: input.cause });
    return { stopDate: new Date(execution.end?.stopDate ?? sfn.now()) };
  },
});
