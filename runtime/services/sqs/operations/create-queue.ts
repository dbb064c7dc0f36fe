import type { CreateQueueRequest, CreateQueueResult } from '@aws-sdk/client-sqs';
import { sqsErrors } from '../errors';
import { attributeMap, queueNameShape } from '../inputs';
import { checkQueueName, queueArn } from '../queue-address';
import { checkSettableAttributes, defaultAttributes, firstDifference } from '../queue-attributes';
import { operation } from '../sqs';

/** Creating an existing queue with the same attributes returns its URL; different ones are QueueNameExists. */
export const createQueue = operation<CreateQueueRequest, CreateQueueResult>({
  name: 'CreateQueue',
  input: { QueueName: queueNameShape, Attributes: attributeMap, tags: { type: 'map', value: { type: 'string' } } },
  run(sqs, input, ctx) {
    const name = input.QueueName;
    checkQueueName(name);
    sqs.authorize(ctx, 'sqs:CreateQueue', queueArn(sqs.scope, name));
    const requested = checkSettableAttributes(input.Attributes, true);
    const existing = sqs.store.queue(name);
    if (existing) {
      const differs = firstDifference(existing.attributes, requested);
      if (differs) throw sqsErrors.queueNameExists(differs);
      return { QueueUrl: sqs.url(name) };
    }
    const now = sqs.now();
    sqs.store.putQueue({ name, createdAt: now, modifiedAt: now, attributes: { ...defaultAttributes(), ...requested }, tags: { ...input.tags }, messages: [] });
    sqs.store.commit();
    return { QueueUrl: sqs.url(name) };
  },
});
