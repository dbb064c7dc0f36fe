import { OperationTable } from '../../core/operation';
import { changeMessageVisibility } from './operations/change-message-visibility';
import { createQueue } from './operations/create-queue';
import { deleteMessage } from './operations/delete-message';
import { deleteQueue } from './operations/delete-queue';
import { getQueueAttributes } from './operations/get-queue-attributes';
import { getQueueUrl } from './operations/get-queue-url';
import { listQueues } from './operations/list-queues';
import { purgeQueue } from './operations/purge-queue';
import { receiveMessage } from './operations/receive-message';
import { sendMessageBatch } from './operations/send-message-batch';
import { sendMessage } from './operations/send-message';
import { setQueueAttributes } from './operations/set-queue-attributes';
import type { Sqs } from './sqs';

/** Every SQS operation the runtime serves (awsJson 1.0, target prefix `AmazonSQS`): standard queues only. */
export const SQS_OPERATIONS = [
  changeMessageVisibility,
  createQueue,
  deleteMessage,
  deleteQueue,
  getQueueAttributes,
  getQueueUrl,
  listQueues,
  purgeQueue,
  receiveMessage,
  sendMessageBatch,
  sendMessage,
  setQueueAttributes,
];

export const createSqsService = (sqs: Sqs) => new OperationTable<Sqs>('sqs', sqs, SQS_OPERATIONS);
