import { randomUUID } from 'node:crypto';
import type { MessageAttributeValue } from '@aws-sdk/client-sqs';
import type { CallContext } from '../../core/operation';
import { userId } from '../../identity/principal';
import { checkParameter } from './inputs';
import { checkMessage } from './message-contents';
import type { SqsQueue } from './model';
import { integerAttribute } from './queue-attributes';
import type { Sqs } from './sqs';

export interface SendEntry {
  MessageBody?: string;
  DelaySeconds?: number;
  MessageAttributes?: Record<string, MessageAttributeValue>;
}

export interface SentMessage {
  MessageId: string;
  MD5OfMessageBody: string;
  MD5OfMessageAttributes?: string;
}

/**
 * Checks one message and appends it to the queue (the caller commits). A per-message DelaySeconds
 * overrides the queue's, as on standard queues.
 */
export function appendMessage(sqs: Sqs, queue: SqsQueue, entry: SendEntry, ctx: CallContext): SentMessage {
  checkParameter('DelaySeconds', entry.DelaySeconds, 0, 900, 'DelaySeconds must be >= 0 and <= 900.');
  const checked = checkMessage(entry.MessageBody, entry.MessageAttributes, integerAttribute(queue, 'MaximumMessageSize'));
  const now = sqs.now();
  const messageId = randomUUID();
  queue.messages.push({
    messageId,
    body: checked.body,
    md5OfBody: checked.md5OfBody,
    ...(checked.attributes ? { attributes: checked.attributes, md5OfAttributes: checked.md5OfAttributes } : {}),
    senderId: userId(ctx.caller.principal),
    sentAt: now,
    visibleAt: now + (entry.DelaySeconds ?? integerAttribute(queue, 'DelaySeconds')) * 1000,
    receiveCount: 0,
  });
  return { MessageId: messageId, MD5OfMessageBody: checked.md5OfBody, ...(checked.md5OfAttributes ? { MD5OfMessageAttributes: checked.md5OfAttributes } : {}) };
}
