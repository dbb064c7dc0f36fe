import type { ListQueuesRequest, ListQueuesResult } from '@aws-sdk/client-sqs';
import { afterKeyMarkers, page } from '../../../core/paging';
import { sqsErrors } from '../errors';
import { checkParameter } from '../inputs';
import { queueArn } from '../queue-address';
import { operation } from '../sqs';

/** The store lists queues in name order, so a NextToken can name the last queue returned. */
const byQueueName = afterKeyMarkers((name: string) => name);

/** Up to 1000 URLs; with MaxResults, pages continue through an opaque NextToken (the last name returned). */
export const listQueues = operation<ListQueuesRequest, ListQueuesResult>({
  name: 'ListQueues',
  input: { QueueNamePrefix: { type: 'string' }, NextToken: { type: 'string' }, MaxResults: { type: 'integer' } },
  run(sqs, input, ctx) {
    sqs.authorize(ctx, 'sqs:ListQueues', queueArn(sqs.scope, '*'));
    checkParameter('MaxResults', input.MaxResults, 1, 1000);
    const names = sqs.store
      .queues()
      .map((q) => q.name)
      .filter((n) => n.startsWith(input.QueueNamePrefix ?? ''));
    const { items, next } = page(names, input.NextToken, input.MaxResults ?? 1000, sqsErrors.invalidNextToken, byQueueName);
    return {
      ...(items.length ? { QueueUrls: items.map((n) => sqs.url(n)) } : {}),
      ...(input.MaxResults !== undefined && next ? { NextToken: next } : {}),
    };
  },
});
