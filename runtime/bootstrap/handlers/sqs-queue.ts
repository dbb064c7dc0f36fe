import type { CreateQueueResult, GetQueueAttributesResult } from '@aws-sdk/client-sqs';
import { found, generatedName, ignoring, replace, tagMap, type CreateRequest, type DeployContext, type Props, type ResourceHandler } from '../resource-handler';
import type { DeployedResource } from '../template';

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
const queueName = ({ logicalId, props }: CreateRequest, ctx: DeployContext): string =>
  props.QueueName ?? generatedName(ctx, logicalId, 80).replace(/[^A-Za-z0-9_-]/g, '-');

async function deployed(ctx: DeployContext, url: string, name: string): Promise<DeployedResource> {
  const { Attributes } = await ctx.call<GetQueueAttributesResult>('sqs', 'GetQueueAttributes', { QueueUrl: url, AttributeNames: ['QueueArn'] });
  return { type: 'AWS::SQS::Queue', physicalId: url, attributes: { Arn: Attributes!.QueueArn!, QueueName: name, QueueUrl: url } };
}

/** AWS::SQS::Queue: Ref is the queue URL, as in CloudFormation; Arn, QueueName and QueueUrl are attributes. */
export const sqsQueue: ResourceHandler = {
  async create(req, ctx) {
    const name = queueName(req, ctx);
    const { QueueUrl } = await ctx.call<CreateQueueResult>('sqs', 'CreateQueue', { QueueName: name, Attributes: attributesOf(req.props, false), tags: tagMap(req.props.Tags) });
    return deployed(ctx, QueueUrl!, name);
  },
  async update(req, ctx) {
    const { previous } = req;
    if (queueName(req, ctx) !== previous.attributes.QueueName) return replace(sqsQueue, req, ctx, { order: 'delete-first' });
    const { FifoQueue: _fifo, ...changes } = attributesOf(req.props, true);
    await ctx.call('sqs', 'SetQueueAttributes', { QueueUrl: previous.physicalId, Attributes: changes });
    return previous;
  },
  async remove(previous, ctx) {
    await ctx.call('sqs', 'DeleteQueue', { QueueUrl: previous.physicalId });
  },
  exists: (previous, ctx) => found(['QueueDoesNotExist'], ctx.call('sqs', 'GetQueueAttributes', { QueueUrl: previous.physicalId, AttributeNames: ['QueueArn'] })),
};

const setPolicy = async (ctx: DeployContext, queueUrl: string, policy: string) => {
  const setting = ctx.call('sqs', 'SetQueueAttributes', { QueueUrl: queueUrl, Attributes: { Policy: policy } });
  // Removing a policy from a queue the same deployment already deleted is nothing to undo.
  await (policy === '' ? ignoring(['QueueDoesNotExist'], setting) : setting);
};

/** The queues a policy was set on, so an update or removal can take it off them again. */
const queuesOf = (resource: DeployedResource): string[] => JSON.parse(resource.state?.queues ?? '[]');

/** AWS::SQS::QueuePolicy: sets each queue's Policy attribute, which keydrill keeps but does not evaluate. */
export const sqsQueuePolicy: ResourceHandler = {
  async create({ logicalId, props }, ctx) {
    const queues: string[] = props.Queues ?? [];
    for (const url of queues) await setPolicy(ctx, url, attributeText(props.PolicyDocument));
    return { type: 'AWS::SQS::QueuePolicy', physicalId: generatedName(ctx, logicalId, 255), attributes: {}, state: { queues: JSON.stringify(queues) } };
  },
  async update(req, ctx) {
    const kept: string[] = req.props.Queues ?? [];
    for (const url of queuesOf(req.previous)) if (!kept.includes(url)) await setPolicy(ctx, url, '');
    return sqsQueuePolicy.create(req, ctx);
  },
  async remove(previous, ctx) {
    for (const url of queuesOf(previous)) await setPolicy(ctx, url, '');
  },
};
