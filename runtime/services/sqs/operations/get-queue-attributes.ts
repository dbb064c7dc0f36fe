import type { GetQueueAttributesRequest, GetQueueAttributesResult } from '@aws-sdk/client-sqs';
import { attributeNameList, queueUrlShape } from '../inputs';
import { describeAttributes } from '../queue-attributes';
import { operation } from '../sqs';

export const getQueueAttributes = operation<GetQueueAttributesRequest, GetQueueAttributesResult>({
  name: 'GetQueueAttributes',
  input: { QueueUrl: queueUrlShape, AttributeNames: attributeNameList },
  run(sqs, input, ctx) {
    const queue = sqs.queueAt(ctx, input.QueueUrl, 'sqs:GetQueueAttributes');
    const attributes = describeAttributes(queue, input.AttributeNames ?? [], sqs.scope, sqs.now());
    return Object.keys(attributes).length ? { Attributes: attributes } : {};
  },
});
