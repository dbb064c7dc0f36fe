import type { TargetKind } from './target-kind';
import { callerFor } from './target-kind';

/** SendMessage with the payload as the body (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-targets.html). */
export const sqsTarget: TargetKind = {
  async send(request, ctx) {
    const caller = callerFor(request, ctx);
    const [, , , , account, queueName] = request.target.Arn!.split(':');
    const { QueueUrl } = await ctx.dispatcher.call<{ QueueUrl: string }>('sqs', 'GetQueueUrl', { QueueName: queueName, QueueOwnerAWSAccountId: account }, caller);
    await ctx.dispatcher.call('sqs', 'SendMessage', { QueueUrl, MessageBody: request.payload }, caller);
  },
};
