import { createHash } from 'node:crypto';
import type { MessageAttributeValue } from '@aws-sdk/client-sqs';
import { sqsErrors } from './errors';
import type { StoredMessageAttribute } from './model';

/** The characters SQS accepts in a body or string attribute (lone surrogates are not among them). */
const INVALID_CHARACTER = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const MAX_MESSAGE_ATTRIBUTES = 10;

export const md5Hex = (data: string | Uint8Array): string => createHash('md5').update(data).digest('hex');

const isBinary = (dataType: string) => dataType === 'Binary' || dataType.startsWith('Binary.');

/**
 * MD5OfMessageAttributes as SQS computes it: per attribute in name order, the length-prefixed
 * (4-byte big-endian) name and data type, one transport byte (1 string, 2 binary), then the
 * length-prefixed value. https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-message-metadata.html
 */
export function attributesDigest(attributes: Record<string, StoredMessageAttribute>): string {
  const hash = createHash('md5');
  const field = (bytes: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(bytes.length);
    hash.update(length).update(bytes);
  };
  for (const name of Object.keys(attributes).sort()) {
    const a = attributes[name];
    field(Buffer.from(name, 'utf8'));
    field(Buffer.from(a.DataType, 'utf8'));
    if (isBinary(a.DataType)) {
      hash.update(Buffer.from([2]));
      field(Buffer.from(a.BinaryValue ?? '', 'base64'));
    } else {
      hash.update(Buffer.from([1]));
      field(Buffer.from(a.StringValue ?? '', 'utf8'));
    }
  }
  return hash.digest('hex');
}

function checkAttributes(input: Record<string, MessageAttributeValue>): Record<string, StoredMessageAttribute> {
  const entries = Object.entries(input);
  if (entries.length > MAX_MESSAGE_ATTRIBUTES) {
    throw sqsErrors.invalidMessageAttribute(`Number of message attributes [${entries.length}] exceeds the allowed maximum [${MAX_MESSAGE_ATTRIBUTES}].`);
  }
  const out: Record<string, StoredMessageAttribute> = {};
  for (const [name, value] of entries) {
    const dataType = value.DataType ?? '';
    if (!/^(String|Number|Binary)(\..+)?$/.test(dataType)) {
      throw sqsErrors.invalidMessageAttribute(
        `The type of message (user) attribute '${name}' is invalid. You must use only the following supported type prefixes: Binary, Number, String.`,
      );
    }
    const empty = () =>
      sqsErrors.invalidMessageAttribute(`The message (user) attribute '${name}' must contain a non-empty message attribute value for message attribute type '${dataType}'.`);
    if (isBinary(dataType)) {
      if (!value.BinaryValue || value.BinaryValue.length === 0) throw empty();
      out[name] = { DataType: dataType, BinaryValue: Buffer.from(value.BinaryValue).toString('base64') };
    } else {
      if (!value.StringValue) throw empty();
      if (INVALID_CHARACTER.test(value.StringValue)) throw sqsErrors.invalidMessageContents();
      if (dataType.startsWith('Number') && !Number.isFinite(Number(value.StringValue))) {
        throw sqsErrors.invalidMessageAttribute(`Can't cast the value of message (user) attribute '${name}' to a number.`);
      }
      out[name] = { DataType: dataType, StringValue: value.StringValue };
    }
  }
  return out;
}

function attributesSize(attributes: Record<string, StoredMessageAttribute>): number {
  let size = 0;
  for (const [name, a] of Object.entries(attributes)) {
    size += Buffer.byteLength(name) + Buffer.byteLength(a.DataType);
    size += a.BinaryValue !== undefined ? Buffer.from(a.BinaryValue, 'base64').length : Buffer.byteLength(a.StringValue ?? '');
  }
  return size;
}

export interface CheckedMessage {
  body: string;
  md5OfBody: string;
  attributes?: Record<string, StoredMessageAttribute>;
  md5OfAttributes?: string;
  size: number;
}

/** Validates a message as SendMessage does: a body, valid characters, attributes, the queue's size limit. */
export function checkMessage(body: string | undefined, attributes: Record<string, MessageAttributeValue> | undefined, maximumSize: number): CheckedMessage {
  if (!body) throw sqsErrors.emptyBody();
  if (INVALID_CHARACTER.test(body)) throw sqsErrors.invalidMessageContents();
  const stored = attributes && Object.keys(attributes).length ? checkAttributes(attributes) : undefined;
  const size = Buffer.byteLength(body) + (stored ? attributesSize(stored) : 0);
  if (size > maximumSize) throw sqsErrors.messageTooLong(maximumSize);
  return { body, md5OfBody: md5Hex(body), ...(stored ? { attributes: stored, md5OfAttributes: attributesDigest(stored) } : {}), size };
}
