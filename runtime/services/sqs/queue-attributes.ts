import type { Scope } from '../../core/scope';
import { sqsErrors } from './errors';
import type { QueueAttributes, SqsQueue } from './model';
import { queueArn } from './queue-address';

interface IntegerAttribute {
  min: number;
  max: number;
  default: number;
}

/**
 * Numeric attributes with their ranges and defaults, from the SetQueueAttributes reference
 * (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SetQueueAttributes.html).
 * MaximumMessageSize follows the August 2025 raise to 1 MiB.
 */
const INTEGER_ATTRIBUTES: Readonly<Record<string, IntegerAttribute>> = {
  DelaySeconds: { min: 0, max: 900, default: 0 },
  MaximumMessageSize: { min: 1024, max: 1_048_576, default: 1_048_576 },
  MessageRetentionPeriod: { min: 60, max: 1_209_600, default: 345_600 },
  ReceiveMessageWaitTimeSeconds: { min: 0, max: 20, default: 0 },
  VisibilityTimeout: { min: 0, max: 43_200, default: 30 },
  KmsDataKeyReusePeriodSeconds: { min: 60, max: 86_400, default: 300 },
};

/** Kept and returned as given, but not acted on (README, Known differences): no encryption, redrive or queue-policy evaluation. */
const JSON_ATTRIBUTES = new Set(['Policy', 'RedrivePolicy', 'RedriveAllowPolicy']);
const OPAQUE_ATTRIBUTES = new Set(['KmsMasterKeyId']);
const BOOLEAN_ATTRIBUTES = new Set(['SqsManagedSseEnabled']);

/** Computed on every GetQueueAttributes, never set. */
const COMPUTED_ATTRIBUTES = [
  'QueueArn',
  'ApproximateNumberOfMessages',
  'ApproximateNumberOfMessagesNotVisible',
  'ApproximateNumberOfMessagesDelayed',
  'CreatedTimestamp',
  'LastModifiedTimestamp',
] as const;

/** New queues are encrypted with SQS-managed keys unless told otherwise, as on AWS since 2022. */
export const defaultAttributes = (): QueueAttributes => ({
  ...Object.fromEntries(
    Object.entries(INTEGER_ATTRIBUTES)
      .filter(([name]) => name !== 'KmsDataKeyReusePeriodSeconds')
      .map(([name, a]) => [name, String(a.default)]),
  ),
  SqsManagedSseEnabled: 'true',
});

function checkValue(name: string, value: string): string {
  const integer = INTEGER_ATTRIBUTES[name];
  if (integer) {
    if (!/^\d+$/.test(value) || Number(value) < integer.min || Number(value) > integer.max) throw sqsErrors.invalidAttributeValue(name);
    return String(Number(value));
  }
  if (JSON_ATTRIBUTES.has(name)) {
    try {
      if (value !== '') JSON.parse(value);
    } catch {
      throw sqsErrors.invalidAttributeValue(name);
    }
    return value;
  }
  if (BOOLEAN_ATTRIBUTES.has(name)) {
    if (value !== 'true' && value !== 'false') throw sqsErrors.invalidAttributeValue(name);
    return value;
  }
  if (OPAQUE_ATTRIBUTES.has(name)) return value;
  throw sqsErrors.invalidAttributeName(name);
}

/**
 * Checks attributes a caller sets (CreateQueue, SetQueueAttributes). FIFO queues are refused with a
 * clear error; `FifoQueue=false` just says "standard" and is dropped. An empty JSON attribute removes it.
 */
export function checkSettableAttributes(input: Record<string, string> | undefined, creating: boolean): QueueAttributes {
  const out: QueueAttributes = {};
  for (const [name, value] of Object.entries(input ?? {})) {
    if (name === 'FifoQueue' && creating) {
      if (value === 'true') throw sqsErrors.fifoUnsupported();
      if (value !== 'false') throw sqsErrors.invalidAttributeValue(name);
      continue;
    }
    out[name] = checkValue(name, value);
  }
  return out;
}

export function applyAttributes(current: QueueAttributes, changes: QueueAttributes): QueueAttributes {
  const next = { ...current };
  for (const [name, value] of Object.entries(changes)) {
    if (JSON_ATTRIBUTES.has(name) && value === '') delete next[name];
    else next[name] = value;
  }
  return next;
}

export const integerAttribute = (queue: SqsQueue, name: keyof typeof INTEGER_ATTRIBUTES): number =>
  Number(queue.attributes[name] ?? INTEGER_ATTRIBUTES[name].default);

const epochSecondsText = (ms: number) => String(Math.floor(ms / 1000));

function computed(queue: SqsQueue, name: (typeof COMPUTED_ATTRIBUTES)[number], scope: Scope, now: number): string {
  switch (name) {
    case 'QueueArn':
      return queueArn(scope, queue.name);
    case 'ApproximateNumberOfMessages':
      return String(queue.messages.filter((m) => m.visibleAt <= now).length);
    case 'ApproximateNumberOfMessagesNotVisible':
      return String(queue.messages.filter((m) => m.visibleAt > now && m.receiveCount > 0).length);
    case 'ApproximateNumberOfMessagesDelayed':
      return String(queue.messages.filter((m) => m.visibleAt > now && m.receiveCount === 0).length);
    case 'CreatedTimestamp':
      return epochSecondsText(queue.createdAt);
    case 'LastModifiedTimestamp':
      return epochSecondsText(queue.modifiedAt);
  }
}

/** GetQueueAttributes: the named attributes (`All` for every one); an unknown name is InvalidAttributeName. */
export function describeAttributes(queue: SqsQueue, names: string[], scope: Scope, now: number): QueueAttributes {
  const all = names.includes('All');
  const known = new Set<string>([...COMPUTED_ATTRIBUTES, ...Object.keys(INTEGER_ATTRIBUTES), ...JSON_ATTRIBUTES, ...OPAQUE_ATTRIBUTES, ...BOOLEAN_ATTRIBUTES]);
  for (const name of names) if (name !== 'All' && !known.has(name)) throw sqsErrors.invalidAttributeName(name);
  const wanted = (name: string) => all || names.includes(name);
  const out: QueueAttributes = {};
  for (const name of COMPUTED_ATTRIBUTES) if (wanted(name)) out[name] = computed(queue, name, scope, now);
  for (const [name, value] of Object.entries(queue.attributes)) if (wanted(name)) out[name] = value;
  return out;
}

/** The first attribute whose value differs, for CreateQueue on an existing name (AWS's QueueNameExists). */
export function firstDifference(existing: QueueAttributes, requested: QueueAttributes): string | undefined {
  const defaults = defaultAttributes();
  return Object.keys(requested).find((name) => (existing[name] ?? defaults[name]) !== requested[name]);
}
