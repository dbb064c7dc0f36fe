import type { SetQueueAttributesRequest } from '@aws-sdk/client-sqs';
import { attributeMap, queueUrlShape } from '../inputs';
import { applyAttributes, checkSettableAttributes } from '../queue-attributes';
import { operation } from '../sqs';

export const setQueueAttributes = operation<SetQueueAttributesRequest, Record<string, never>>({
  name: 'SetQueueAttributes',
  input: { QueueUrl: queueUrlShape, Attributes: { ...attributeMap, required: true } },
  run(sqs, input, ctx) {
    const queue = sqs.queueAt(ctx, input.QueueUrl, 'sqs:SetQueueAttributes');
    const changes = checkSettableAttributes(input.Attributes, false);
    queue.attributes = applyAttributes(queue.attributes, changes);
    queue.modifiedAt = sqs.now();
    sqs.store.commit();
    // A shorter delay or visibility may have made messages receivable for a waiting long poll.
    sqs.waiters.notify(queue.name);
    return {};
  },
});
