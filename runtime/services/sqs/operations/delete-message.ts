import type { DeleteMessageRequest } from '@aws-sdk/client-sqs';
import { queueUrlShape, receiptHandleShape } from '../inputs';
import { operation, parseReceiptHandle } from '../sqs';

/**
 * Deleting with the latest receipt handle removes the message. An older handle of a message received
 * again, or a message already gone, succeeds without effect, as SQS documents for standard queues.
 */
export const deleteMessage = operation<DeleteMessageRequest, Record<string, never>>({
  name: 'DeleteMessage',
  input: { QueueUrl: queueUrlShape, ReceiptHandle: receiptHandleShape },
  run(sqs, input, ctx) {
    const queue = sqs.queueAt(ctx, input.QueueUrl, 'sqs:DeleteMessage');
    const { messageId, token } = parseReceiptHandle(input.ReceiptHandle);
    const index = queue.messages.findIndex((m) => m.messageId === messageId && m.receiptToken === token);
    if (index >= 0) {
      queue.messages.splice(index, 1);
      sqs.store.commit();
    }
    return {};
  },
});
