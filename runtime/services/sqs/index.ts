import { OperationTable } from '../../core/operation';
import type { ServiceFactory } from '../../core/service-module';
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
import { sqsQueryBinding } from './query-binding';
import { DEFAULT_SQS_CONFIG, Sqs, type SqsConfig } from './sqs';
import { SqsStore } from './store';

/** Every SQS operation the runtime serves (awsJson 1.0, target prefix `AmazonSQS`): standard queues only. */
const SQS_OPERATIONS = [
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

const createSqsService = (sqs: Sqs) => new OperationTable<Sqs>('sqs', sqs, SQS_OPERATIONS);

export interface SqsModuleOptions {
  /** SQS long-poll re-check interval and PurgeQueue interval. */
  sqs?: Partial<SqsConfig>;
}

/** SQS (awsJson 1.0): standard queues, kept in `state/sqs.json`; queue URLs are built on the runtime's endpoint. */
export const sqsModule: ServiceFactory<SqsModuleOptions> = (ctx, options) => {
  const store = new SqsStore(ctx.stateFile('sqs'));
  const sqs = new Sqs(store, ctx.identity, ctx.clock, { ...DEFAULT_SQS_CONFIG, ...options.sqs }, ctx.endpoint);
  return {
    services: [createSqsService(sqs)],
    bindings: [{ protocol: 'awsJson', service: 'sqs', targetPrefix: 'AmazonSQS', jsonVersion: '1.0' }, sqsQueryBinding],
    reset() {
      store.reset();
      sqs.waiters.notifyAll();
    },
    drain: () => sqs.waiters.close(),
  };
};
