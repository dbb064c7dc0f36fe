import type { DeleteQueueRequest } from '@aws-sdk/client-sqs';
import { queueUrlShape } from '../inputs';
import { operation } from '../sqs';

/** Deletes at once (AWS takes up to 60 s and refuses the name meanwhile; keydrill does not). */
export const deleteQueue = operation<DeleteQueueRequest, Record<string, never>>({
  name: 'DeleteQueue',
  input: { QueueUrl: queueUrlShape },
  run(sqs, input, ctx) {
    const queue = sqs.queueAt(ctx, input.QueueUrl, 'sqs:DeleteQueue');
    sqs.store.deleteQueue(queue.name);
    sqs.store.commit();
    sqs.waiters.notify(queue.name);
    return {};
  },
});
