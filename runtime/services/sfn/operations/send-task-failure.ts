import type { SendTaskFailureInput, SendTaskFailureOutput } from '@aws-sdk/client-sfn';
import { causeShape, errorShape, taskToken } from '../inputs';
import { operation } from '../sfn';

/** https://docs.aws.amazon.com/step-functions/latest/apireference/API_SendTaskFailure.html */
export const sendTaskFailure = operation<SendTaskFailureInput, SendTaskFailureOutput>({
  name: 'SendTaskFailure',
  input: { taskToken, error: errorShape, cause: causeShape },
  async run(sfn, input, ctx) {
    sfn.authorize(ctx, 'states:SendTaskFailure', '*');
    await sfn.tokens.deliver(input.taskToken, { kind: 'failure', error: input.error, cause: input.cause });
    return {};
  },
});
