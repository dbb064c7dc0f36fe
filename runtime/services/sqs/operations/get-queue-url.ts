import type { GetQueueUrlRequest, GetQueueUrlResult } from '@aws-sdk/client-sqs';
import { sqsErrors } from '../errors';
import { queueNameShape } from '../inputs';
import { operation } from '../sqs';

export const getQueueUrl = operation<GetQueueUrlRequest, GetQueueUrlResult>({
  name: 'GetQueueUrl',
  input: { QueueName: queueNameShape, QueueOwnerAWSAccountId: { type: 'string' } },
  run(sqs, input, ctx) {
    // Queues of other accounts do not exist in this runtime.
    if (input.QueueOwnerAWSAccountId !== undefined && input.QueueOwnerAWSAccountId !== sqs.scope.account) throw sqsErrors.queueDoesNotExist();
    const queue = sqs.queueNamed(ctx, input.QueueName, 'sqs:GetQueueUrl');
    return { QueueUrl: sqs.url(queue.name) };
  },
});
