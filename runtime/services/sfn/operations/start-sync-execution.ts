import type { StartSyncExecutionInput, StartSyncExecutionOutput, SyncExecutionStatus } from '@aws-sdk/client-sfn';
import { sfnErrors } from '../errors';
import { beginExecution } from '../executions/begin-execution';
import { arnShape, optionalName, payloadShape, traceHeader } from '../inputs';
import { parseStatesArn } from '../names';
import { operation } from '../sfn';

/**
 * EXPRESS state machines only; the answer waits for the execution's end, and nothing of the execution is
 * kept afterwards (AWS keeps no history of express executions).
 * https://docs.aws.amazon.com/step-functions/latest/apireference/API_StartSyncExecution.html
 */
export const startSyncExecution = operation<StartSyncExecutionInput, StartSyncExecutionOutput>({
  name: 'StartSyncExecution',
  input: { stateMachineArn: arnShape, name: optionalName, input: payloadShape, traceHeader, includedData: { type: 'string', enum: ['ALL_DATA', 'METADATA_ONLY'] } },
  async run(sfn, input, ctx) {
    const [name] = parseStatesArn(input.stateMachineArn, 'stateMachine');
    if (sfn.store.stateMachine(name)?.type === 'STANDARD') throw sfnErrors.typeNotSupported('This operation is not supported by this type of state machine');
    const { execution, done } = beginExecution(sfn, ctx, input, 'states:StartSyncExecution');
    await done;
    const { start, end } = execution;
    const includeData = input.includedData !== 'METADATA_ONLY';
    return {
      executionArn: start.executionArn,
      stateMachineArn: start.stateMachineArn,
      name: start.name,
      startDate: new Date(start.startDate),
      stopDate: new Date(end!.stopDate),
      status: end!.status as SyncExecutionStatus,
      ...(end!.error !== undefined ? { error: end!.error } : {}),
      ...(end!.cause !== undefined ? { cause: end!.cause } : {}),
      ...(includeData ? { input: start.input, inputDetails: { included: true } } : {}),
      ...(includeData && end!.output !== undefined ? { output: end!.output, outputDetails: { included: true } } : {}),
      ...(start.traceHeader !== undefined ? { traceHeader: start.traceHeader } : {}),
      billingDetails: { billedMemoryUsedInMB: 64, billedDurationInMilliseconds: Math.max(100, end!.stopDate - start.startDate) },
    };
  },
});
