import type { ReceiveMessageRequest, ReceiveMessageResult } from '@aws-sdk/client-sqs';
import { attributeNameList, checkParameter, optionalInteger, queueUrlShape } from '../inputs';
import { integerAttribute } from '../queue-attributes';
import { renderMessage } from '../received-message';
import { operation } from '../sqs';

/**
 * Up to MaxNumberOfMessages visible messages, oldest first. With a wait time (the request's, else the
 * queue's ReceiveMessageWaitTimeSeconds) an empty receive long-polls until a message can be
 * received or the time is up; an empty result has no `Messages` member, as on AWS.
 */
export const receiveMessage = operation<ReceiveMessageRequest, ReceiveMessageResult>({
  name: 'ReceiveMessage',
  input: {
    QueueUrl: queueUrlShape,
    AttributeNames: attributeNameList,
    MessageSystemAttributeNames: attributeNameList,
    MessageAttributeNames: attributeNameList,
    MaxNumberOfMessages: optionalInteger,
    VisibilityTimeout: optionalInteger,
    WaitTimeSeconds: optionalInteger,
    ReceiveRequestAttemptId: { type: 'string' },
  },
  async run(sqs, input, ctx) {
    let queue = sqs.queueAt(ctx, input.QueueUrl, 'sqs:ReceiveMessage');
    checkParameter('MaxNumberOfMessages', input.MaxNumberOfMessages, 1, 10);
    checkParameter('VisibilityTimeout', input.VisibilityTimeout, 0, 43_200);
    checkParameter('WaitTimeSeconds', input.WaitTimeSeconds, 0, 20, 'Must be >= 0 and <= 20, if provided.');
    const max = input.MaxNumberOfMessages ?? 1;
    const visibility = input.VisibilityTimeout ?? integerAttribute(queue, 'VisibilityTimeout');
    const deadline = sqs.now() + (input.WaitTimeSeconds ?? integerAttribute(queue, 'ReceiveMessageWaitTimeSeconds')) * 1000;
    const systemNames = [...(input.AttributeNames ?? []), ...(input.MessageSystemAttributeNames ?? [])];
    for (;;) {
      const taken = sqs.take(queue, max, visibility);
      if (taken.length) return { Messages: taken.map((m) => renderMessage(m, systemNames, input.MessageAttributeNames ?? [])) };
      if (sqs.now() >= deadline || sqs.waiters.isClosed) return {};
      await sqs.waiters.wait(queue.name, Math.min(sqs.config.longPollRecheckMs, deadline - sqs.now()));
      // The queue may have been deleted, or the runtime reset, while this receive waited.
      const current = sqs.store.queue(queue.name);
      if (!current) return {};
      queue = current;
    }
  },
});
