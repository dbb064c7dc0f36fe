import type { Message, MessageAttributeValue } from '@aws-sdk/client-sqs';
import { attributesDigest } from './message-contents';
import type { SqsMessage, StoredMessageAttribute } from './model';
import { receiptHandle } from './sqs';

/** The system attributes a standard queue has; the rest (FIFO, tracing, redrive) never apply here. */
const SYSTEM_ATTRIBUTES = ['SenderId', 'SentTimestamp', 'ApproximateReceiveCount', 'ApproximateFirstReceiveTimestamp'] as const;

function systemAttribute(m: SqsMessage, name: (typeof SYSTEM_ATTRIBUTES)[number]): string {
  switch (name) {
    case 'SenderId':
      return m.senderId;
    case 'SentTimestamp':
      return String(m.sentAt);
    case 'ApproximateReceiveCount':
      return String(m.receiveCount);
    case 'ApproximateFirstReceiveTimestamp':
      return String(m.firstReceivedAt ?? m.sentAt);
  }
}

/** `All` or `.*` selects every attribute, `prefix.*` those under a prefix, anything else by exact name. */
function selectedAttributes(stored: Record<string, StoredMessageAttribute>, names: string[]): Record<string, StoredMessageAttribute> {
  const wanted = (name: string) =>
    names.some((n) => n === 'All' || n === '.*' || n === name || (n.endsWith('.*') && name.startsWith(n.slice(0, -1))));
  return Object.fromEntries(Object.entries(stored).filter(([name]) => wanted(name)));
}

const toWireAttribute = (a: StoredMessageAttribute): MessageAttributeValue => ({
  DataType: a.DataType,
  ...(a.StringValue !== undefined ? { StringValue: a.StringValue } : {}),
  ...(a.BinaryValue !== undefined ? { BinaryValue: Buffer.from(a.BinaryValue, 'base64') } : {}),
});

/**
 * A received message as ReceiveMessage returns it: only the system and message attributes asked
 * for; MD5OfMessageAttributes covers the attributes returned, which is what SDK checksum handlers verify.
 */
export function renderMessage(m: SqsMessage, systemNames: string[], attributeNames: string[]): Message {
  const all = systemNames.includes('All');
  const system = SYSTEM_ATTRIBUTES.filter((n) => all || systemNames.includes(n));
  const attributes = selectedAttributes(m.attributes ?? {}, attributeNames);
  const hasAttributes = Object.keys(attributes).length > 0;
  return {
    MessageId: m.messageId,
    ReceiptHandle: receiptHandle(m),
    MD5OfBody: m.md5OfBody,
    Body: m.body,
    ...(system.length ? { Attributes: Object.fromEntries(system.map((n) => [n, systemAttribute(m, n)])) } : {}),
    ...(hasAttributes
      ? {
          MD5OfMessageAttributes: attributesDigest(attributes),
          MessageAttributes: Object.fromEntries(Object.entries(attributes).map(([k, v]) => [k, toWireAttribute(v)])),
        }
      : {}),
  };
}
