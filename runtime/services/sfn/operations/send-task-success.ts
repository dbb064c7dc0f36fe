import type { SendTaskSuccessInput, SendTaskSuccessOutput } from '@aws-sdk/client-sfn';
import { sfnErrors } from '../errors';
import { payloadShape, taskToken } from '../inputs';
import { operation } from '../sfn';

/**
 * Authorized on the execution's state machine, as AWS's `states:SendTaskSuccess` is.
 * https://docs.aws.amazon.com/step-functions/latest/apireference/API_SendTaskSuccess.html
 */
export const sendTaskSuccess = operation<SendTaskSuccessInput, SendTaskSuccessOutput>({
  name: 'SendTaskSuccess',
  input: { taskToken, output: { ...payloadShape, required: true } },
  async run(sfn, input, ctx) {
    sfn.authorize(ctx, 'states:SendTaskSuccess', '*');
    try {
      JSON.parse(input.output);
    } catch (e) {
      throw sfnErrors.invalidOutput((e as Error).message);
    }
    await sfn.tokens.deliver(input.taskToken, { kind: 'success', output: input.output });
    return {};
  },
});
