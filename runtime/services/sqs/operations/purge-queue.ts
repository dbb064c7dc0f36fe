import type { PurgeQueueRequest } from '@aws-sdk/client-sqs';
import { sqsErrors } from '../errors';
import { queueUrlShape } from '../inputs';
import { queueArn } from '../queue-address';
import { operation } from '../sqs';

/** Empties the queue at once (AWS may take up to 60 s); a second purge within the interval is refused as on AWS. */
export const purgeQueue = operation<PurgeQueueRequest, Record<string, never>>({
  name: 'PurgeQueue',
  input: { QueueUrl: queueUrlShape },
  run(sqs, input, ctx) {
    const queue = sqs.queueAt(ctx, input.QueueUrl, 'sqs:PurgeQueue');
    const now = sqs.now();
    if (queue.lastPurgedAt !== undefined && now - queue.lastPurgedAt < sqs.config.purgeIntervalMs) {
      throw sqsErrors.purgeInProgress(queueArn(sqs.scope, queue.name), Math.round(sqs.config.purgeIntervalMs / 1000));
    }
    queue.messages = [];
    queue.lastPurgedAt = now;
    sqs.store.commit();
    return {};
  },
});
