import type { Dispatcher } from '../../core/dispatcher';
import type { Caller } from '../../core/operation';
import type { TargetKind } from './target-kind';
import { callerFor } from './target-kind';

/** The URL of the queue an SQS ARN names (`arn:aws:sqs:<region>:<account>:<name>`), asked of SQS as `caller`. */
export async function queueUrlOf(queueArn: string, dispatcher: Dispatcher, caller: Caller): Promise<string> {
  const [, , , , account, queueName] = queueArn.split(':');
  const { QueueUrl } = await dispatcher.call<{ QueueUrl: string }>('sqs', 'GetQueueUrl', { QueueName: queueName, QueueOwnerAWSAccountId: account }, caller);
  return QueueUrl;
}

/** SendMessage with the payload as the body (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-targets.html). */
export const sqsTarget: TargetKind = {
  async send(request, ctx) {
    const caller = callerFor(request, ctx);
    const QueueUrl = await queueUrlOf(request.target.Arn!, ctx.dispatcher, caller);
    await ctx.dispatcher.call('sqs', 'SendMessage', { QueueUrl, MessageBody: request.payload }, caller);
  },
};
