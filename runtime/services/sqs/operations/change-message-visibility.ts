import type { ChangeMessageVisibilityRequest } from '@aws-sdk/client-sqs';
import { sqsErrors } from '../errors';
import { checkParameter, queueUrlShape, receiptHandleShape } from '../inputs';
import { operation, parseReceiptHandle } from '../sqs';

/** Restarts the visibility timeout of an in-flight message from now; 0 makes it receivable at once. */
export const changeMessageVisibility = operation<ChangeMessageVisibilityRequest, Record<string, never>>({
  name: 'ChangeMessageVisibility',
  input: { QueueUrl: queueUrlShape, ReceiptHandle: receiptHandleShape, VisibilityTimeout: { type: 'integer', required: true } },
  run(sqs, input, ctx) {
    const queue = sqs.queueAt(ctx, input.QueueUrl, 'sqs:ChangeMessageVisibility');
    const { messageId, token } = parseReceiptHandle(input.ReceiptHandle);
    checkParameter('VisibilityTimeout', input.VisibilityTimeout, 0, 43_200);
    const now = sqs.now();
    const message = queue.messages.find((m) => m.messageId === messageId && m.receiptToken === token && m.visibleAt > now);
    if (!message) throw sqsErrors.messageNotInflight();
    message.visibleAt = now + input.VisibilityTimeout * 1000;
    sqs.store.commit();
    sqs.waiters.notify(queue.name);
    return {};
  },
});
