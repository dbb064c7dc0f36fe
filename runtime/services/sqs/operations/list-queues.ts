import type { ListQueuesRequest, ListQueuesResult } from '@aws-sdk/client-sqs';
import { sqsErrors } from '../errors';
import { checkParameter } from '../inputs';
import { queueArn } from '../queue-address';
import { operation } from '../sqs';

/** Up to 1000 URLs; with MaxResults, pages continue through an opaque NextToken (the last name returned). */
export const listQueues = operation<ListQueuesRequest, ListQueuesResult>({
  name: 'ListQueues',
  input: { QueueNamePrefix: { type: 'string' }, NextToken: { type: 'string' }, MaxResults: { type: 'integer' } },
  run(sqs, input, ctx) {
    sqs.authorize(ctx, 'sqs:ListQueues', queueArn(sqs.scope, '*'));
    checkParameter('MaxResults', input.MaxResults, 1, 1000);
    let after: string | undefined;
    if (input.NextToken !== undefined) {
      const decoded = /^kd1:(.+)$/.exec(Buffer.from(input.NextToken, 'base64').toString('utf8'));
      if (!decoded) throw sqsErrors.invalidNextToken();
      after = decoded[1];
    }
    const names = sqs.store
      .queues()
      .map((q) => q.name)
      .filter((n) => n.startsWith(input.QueueNamePrefix ?? '') && (after === undefined || n > after));
    const page = names.slice(0, input.MaxResults ?? 1000);
    const more = input.MaxResults !== undefined && page.length < names.length;
    return {
      ...(page.length ? { QueueUrls: page.map((n) => sqs.url(n)) } : {}),
      ...(more ? { NextToken: Buffer.from(`kd1:${page[page.length - 1]}`).toString('base64') } : {}),
    };
  },
});
