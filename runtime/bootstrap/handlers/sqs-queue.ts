import type { CreateQueueResult, GetQueueAttributesResult } from '@aws-sdk/client-sqs';
import { isServiceError } from '../../core/errors';
import type { DeployedResource } from '../template';
import { generatedName, type DeployContext, type ResourceHandler } from '../resource-handlers';

type Props = Record<string, any>;

const sqs = <O = unknown>(ctx: DeployContext, operation: string, input: object) => ctx.dispatcher.call<O>('sqs', operation, input, ctx.deployer);

/** Template properties that are queue attributes; JSON ones arrive as objects, the API takes strings. */
const ATTRIBUTE_PROPERTIES = [
  'DelaySeconds',
  'MaximumMessageSize',
  'MessageRetentionPeriod',
  'ReceiveMessageWaitTimeSeconds',
  'VisibilityTimeout',
  'KmsMasterKeyId',
  'KmsDataKeyReusePeriodSeconds',
  'SqsManagedSseEnabled',
  'RedrivePolicy',
  'RedriveAllowPolicy',
  'FifoQueue',
  'ContentBasedDeduplication',
  'DeduplicationScope',
  'FifoThroughputLimit',
] as const;

/** CloudFormation's defaults for what a template leaves out, so an update that drops a property restores it. */
const RESET_VALUES: Record<string, string> = {
  DelaySeconds: '0',
  MaximumMessageSize: '1048576',
  MessageRetentionPeriod: '345600',
  ReceiveMessageWaitTimeSeconds: '0',
  VisibilityTimeout: '30',
  RedrivePolicy: '',
  RedriveAllowPolicy: '',
};

const attributeText = (value: unknown) => (typeof value === 'object' ? JSON.stringify(value) : String(value));

function attributesOf(props: Props, withResets: boolean): Record<string, string> {
  const out: Record<string, string> = withResets ? { ...RESET_VALUES } : {};
  for (const name of ATTRIBUTE_PROPERTIES) if (props[name] !== undefined) out[name] = attributeText(props[name]);
  return out;
}

/** CloudFormation names an unnamed queue after the stack and logical id; it must still be a valid queue name. */
const queueName = (logicalId: string, props: Props, ctx: DeployContext): string =>
  props.QueueName ?? generatedName(ctx, logicalId, 80).replace(/[^A-Za-z0-9_-]/g, '-');

async function deployed(ctx: DeployContext, url: string, name: string): Promise<DeployedResource> {
  const { Attributes } = await sqs<GetQueueAttributesResult>(ctx, 'GetQueueAttributes', { QueueUrl: url, AttributeNames: ['QueueArn'] });
  return { type: 'AWS::SQS::Queue', physicalId: url, attributes: { Arn: Attributes!.QueueArn!, QueueName: name, QueueUrl: url } };
}

/** AWS::SQS::Queue: Ref is the queue URL, as in CloudFormation; Arn, QueueName and QueueUrl are attributes. */
export const sqsQueue: ResourceHandler = {
  async create(logicalId, props, ctx) {
    const name = queueName(logicalId, props, ctx);
    const tags = Object.fromEntries((props.Tags ?? []).map((t: { Key: string; Value: string }) => [t.Key, t.Value]));
    const { QueueUrl } = await sqs<CreateQueueResult>(ctx, 'CreateQueue', { QueueName: name, Attributes: attributesOf(props, false), tags });
    return deployed(ctx, QueueUrl!, name);
  },
  async update(logicalId, props, previous, ctx) {
    if (queueName(logicalId, props, ctx) !== previous.attributes.QueueName) {
      await sqsQueue.remove(previous, props, ctx);
      return sqsQueue.create(logicalId, props, ctx);
    }
    const { FifoQueue: _fifo, ...changes } = attributesOf(props, true);
    await sqs(ctx, 'SetQueueAttributes', { QueueUrl: previous.physicalId, Attributes: changes });
    return previous;
  },
  async remove(previous, _props, ctx) {
    await sqs(ctx, 'DeleteQueue', { QueueUrl: previous.physicalId });
  },
};

const setPolicy = async (ctx: DeployContext, queueUrl: string, policy: string) => {
  try {
    await sqs(ctx, 'SetQueueAttributes', { QueueUrl: queueUrl, Attributes: { Policy: policy } });
  } catch (e) {
    // Removing a policy from a queue the same deployment already deleted is nothing to undo.
    if (!(policy === '' && isServiceError(e) && e.code === 'QueueDoesNotExist')) throw e;
  }
};

/** AWS::SQS::QueuePolicy: sets each queue's Policy attribute, which keydrill keeps but does not evaluate. */
export const sqsQueuePolicy: ResourceHandler = {
  async create(logicalId, props, ctx) {
    const queues: string[] = props.Queues ?? [];
    for (const url of queues) await setPolicy(ctx, url, attributeText(props.PolicyDocument));
    return { type: 'AWS::SQS::QueuePolicy', physicalId: generatedName(ctx, logicalId, 255), attributes: { queues: JSON.stringify(queues) } };
  },
  async update(logicalId, props, previous, ctx) {
    const kept: string[] = props.Queues ?? [];
    for (const url of JSON.parse(previous.attributes.queues ?? '[]') as string[]) if (!kept.includes(url)) await setPolicy(ctx, url, '');
    return sqsQueuePolicy.create(logicalId, props, ctx);
  },
  async remove(previous, _props, ctx) {
    for (const url of JSON.parse(previous.attributes.queues ?? '[]') as string[]) await setPolicy(ctx, url, '');
  },
};
