import type { SendTaskHeartbeatInput, SendTaskHeartbeatOutput } from '@aws-sdk/client-sfn';
import { taskToken } from '../inputs';
import { operation } from '../sfn';

/** Restarts the attempt's HeartbeatSeconds; it adds no history event. https://docs.aws.amazon.com/step-functions/latest/apireference/API_SendTaskHeartbeat.html */
export const sendTaskHeartbeat = operation<SendTaskHeartbeatInput, SendTaskHeartbeatOutput>({
  name: 'SendTaskHeartbeat',
  input: { taskToken },
  async run(sfn, input, ctx) {
    sfn.authorize(ctx, 'states:SendTaskHeartbeat', '*');
    await sfn.tokens.heartbeat(input.taskToken);
    return {};
  },
});
