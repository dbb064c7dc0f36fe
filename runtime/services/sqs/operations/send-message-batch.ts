import type { BatchResultErrorEntry, SendMessageBatchRequest, SendMessageBatchResult, SendMessageBatchResultEntry } from '@aws-sdk/client-sqs';
import { isServiceError } from '../../../core/errors';
import { sqsErrors } from '../errors';
import { messageAttributes, messageBody, optionalInteger, queueUrlShape } from '../inputs';
import { integerAttribute } from '../queue-attributes';
import { appendMessage } from '../send-entry';
import { operation } from '../sqs';

const BATCH_ENTRY_ID = /^[A-Za-z0-9_-]{1,80}$/;
const MAX_ENTRIES = 10;

/**
 * Request-level problems (no entries, too many, bad or repeated ids, too long in total) fail the
 * call; a bad message fails only its entry, reported with SenderFault as SQS does.
 */
export const sendMessageBatch = operation<SendMessageBatchRequest, SendMessageBatchResult>({
  name: 'SendMessageBatch',
  input: {
    QueueUrl: queueUrlShape,
    Entries: {
      type: 'list',
      required: true,
      member: {
        type: 'structure',
        members: { Id: { type: 'string', required: true }, MessageBody: messageBody, DelaySeconds: optionalInteger, MessageAttributes: messageAttributes },
      },
    },
  },
  run(sqs, input, ctx) {
    const queue = sqs.queueAt(ctx, input.QueueUrl, 'sqs:SendMessage');
    const entries = input.Entries;
    if (entries.length === 0) throw sqsErrors.emptyBatch('SendMessageBatchRequestEntry');
    if (entries.length > MAX_ENTRIES) throw sqsErrors.tooManyEntries(entries.length);
    const seen = new Set<string>();
    for (const e of entries) {
      if (!BATCH_ENTRY_ID.test(e.Id!)) throw sqsErrors.invalidBatchEntryId();
      if (seen.has(e.Id!)) throw sqsErrors.idsNotDistinct(e.Id!);
      seen.add(e.Id!);
    }
    const maximum = integerAttribute(queue, 'MaximumMessageSize');
    if (entries.reduce((n, e) => n + Buffer.byteLength(e.MessageBody ?? ''), 0) > maximum) throw sqsErrors.batchTooLong(maximum);

    const Successful: SendMessageBatchResultEntry[] = [];
    const Failed: BatchResultErrorEntry[] = [];
    for (const entry of entries) {
      try {
        Successful.push({ Id: entry.Id, ...appendMessage(sqs, queue, entry, ctx) });
      } catch (e) {
        if (!isServiceError(e)) throw e;
        Failed.push({ Id: entry.Id, SenderFault: true, Code: e.code, Message: e.message });
      }
    }
    if (Successful.length) {
      sqs.store.commit();
      sqs.waiters.notify(queue.name);
    }
    return { Successful, Failed };
  },
});
