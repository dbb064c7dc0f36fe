import type { SendMessageRequest, SendMessageResult } from '@aws-sdk/client-sqs';
import { messageAttributes, messageBody, optionalInteger, queueUrlShape } from '../inputs';
import { appendMessage } from '../send-entry';
import { operation } from '../sqs';

export const sendMessage = operation<SendMessageRequest, SendMessageResult>({
  name: 'SendMessage',
  input: { QueueUrl: queueUrlShape, MessageBody: messageBody, DelaySeconds: optionalInteger, MessageAttributes: messageAttributes },
  run(sqs, input, ctx) {
    const queue = sqs.queueAt(ctx, input.QueueUrl, 'sqs:SendMessage');
    const sent = appendMessage(sqs, queue, input, ctx);
    sqs.store.commit();
    sqs.waiters.notify(queue.name);
    return sent;
  },
});
