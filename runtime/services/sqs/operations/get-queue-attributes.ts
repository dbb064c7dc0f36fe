import type { GetQueueAttributesRequest, GetQueueAttributesResult } from '@aws-sdk/client-sqs';
import { sqsOperation } from '../operation';
import { describeAttributes } from '../queue-attributes';
import { attributeNameList, queueUrlShape } from '../shapes';

export const getQueueAttributes = sqsOperation<GetQueueAttributesRequest, GetQueueAttributesResult>({
  name: 'GetQueueAttributes',
  input: { QueueUrl: queueUrlShape, AttributeNames: attributeNameList },
  run(sqs, input, ctx) {
    const queue = sqs.queueAt(ctx, input.QueueUrl!, 'sqs:GetQueueAttributes');
    const attributes = describeAttributes(queue, input.AttributeNames ?? [], sqs.scope, sqs.now());
    return Object.keys(attributes).length ? { Attributes: attributes } : {};
  },
});
