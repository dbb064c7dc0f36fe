import type { SendMessageRequest, SendMessageResult } from '@aws-sdk/client-sqs';
import { sqsOperation } from '../operation';
import { appendMessage } from '../send-entry';
import { messageAttributes, messageBody, optionalInteger, queueUrlShape } from '../shapes';

export const sendMessage = sqsOperation<SendMessageRequest, SendMessageResult>({
  name: 'SendMessage',
  input: { QueueUrl: queueUrlShape, MessageBody: messageBody, DelaySeconds: optionalInteger, MessageAttributes: messageAttributes },
  run(sqs, input, ctx) {
    const queue = sqs.queueAt(ctx, input.QueueUrl!, 'sqs:SendMessage');
    const sent = appendMessage(sqs, queue, input, ctx);
    sqs.store.commit();
    sqs.waiters.notify(queue.name);
    return sent;
  },
});
