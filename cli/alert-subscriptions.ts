import { randomBytes } from 'node:crypto';
import {
  CreateApiDestinationCommand,
  CreateConnectionCommand,
  DeleteApiDestinationCommand,
  DeleteConnectionCommand,
  DeleteRuleCommand,
  DescribeApiDestinationCommand,
  EventBridgeClient,
  ListRulesCommand,
  ListTargetsByRuleCommand,
  PutRuleCommand,
  PutTargetsCommand,
  RemoveTargetsCommand,
} from '@aws-sdk/client-eventbridge';
import { CreateQueueCommand, DeleteMessageCommand, DeleteQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';

/**
 * Subscriptions to a bus made of ordinary EventBridge resources, as a user would make them with the SDK: a rule
 * and an SQS queue for `alerts --follow` (the design of lumigo-cli's tail-eventbridge-bus), a rule, a connection
 * and an API destination for a webhook. Nothing here reads runtime internals, so it works against AWS too.
 */

/** Subscriptions `alerts subscribe` makes are named with this prefix, so `list` and `unsubscribe` find them. */
export const SUBSCRIPTION_PREFIX = 'keydrill-sub-';

/** EventBridge refuses `{}`; an empty prefix on `source` matches every event, since every event has a source. */
export const EVERY_EVENT = JSON.stringify({ source: [{ prefix: '' }] });

export interface AlertEvent {
  id: string;
  time: string;
  'detail-type': string;
  source: string;
  detail: unknown;
}

/** A temporary rule on `bus` whose matches land in a temporary queue; `close()` removes both. */
export class FollowSubscription {
  private constructor(
    private readonly eventbridge: EventBridgeClient,
    private readonly sqs: SQSClient,
    readonly bus: string,
    readonly name: string,
    private readonly queueUrl: string,
  ) {}

  static async open(bus: string, pattern: string): Promise<FollowSubscription> {
    const eventbridge = new EventBridgeClient({});
    const sqs = new SQSClient({});
    const name = `keydrill-follow-${randomBytes(4).toString('hex')}`;
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name }));
    const subscription = new FollowSubscription(eventbridge, sqs, bus, name, QueueUrl!);
    try {
      const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
      const queueArn = Attributes!.QueueArn!;
      const { RuleArn } = await eventbridge.send(new PutRuleCommand({ Name: name, EventBusName: bus, EventPattern: pattern, Description: 'keydrill alerts --follow (removed when it exits)' }));
      // The queue lets this rule, and only it, send to it (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html#eb-sqs-permissions).
      const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: 'sqs:SendMessage', Resource: queueArn, Condition: { ArnEquals: { 'aws:SourceArn': RuleArn } } }] };
      await sqs.send(new SetQueueAttributesCommand({ QueueUrl, Attributes: { Policy: JSON.stringify(policy) } }));
      await eventbridge.send(new PutTargetsCommand({ Rule: name, EventBusName: bus, Targets: [{ Id: 'follow', Arn: queueArn }] }));
    } catch (error) {
      await subscription.close();
      throw error;
    }
    return subscription;
  }

  /** The events that arrived within one long poll (up to 5 s), deleted from the queue once read. */
  async receive(signal: AbortSignal): Promise<AlertEvent[]> {
    const { Messages } = await this.sqs.send(new ReceiveMessageCommand({ QueueUrl: this.queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 5 }), { abortSignal: signal });
    if (!Messages?.length) return [];
    // One DeleteMessage each: the keydrill runtime serves no DeleteMessageBatch.
    for (const message of Messages) await this.sqs.send(new DeleteMessageCommand({ QueueUrl: this.queueUrl, ReceiptHandle: message.ReceiptHandle! }));
    return Messages.map((m) => JSON.parse(m.Body!) as AlertEvent);
  }

  /** Removes the target, the rule and the queue; what is already gone is skipped. */
  async close(): Promise<void> {
    await this.eventbridge.send(new RemoveTargetsCommand({ Rule: this.name, EventBusName: this.bus, Ids: ['follow'] })).catch(() => undefined);
    await this.eventbridge.send(new DeleteRuleCommand({ Name: this.name, EventBusName: this.bus })).catch(() => undefined);
    await this.sqs.send(new DeleteQueueCommand({ QueueUrl: this.queueUrl })).catch(() => undefined);
    this.eventbridge.destroy();
    this.sqs.destroy();
  }
}

export interface WebhookSubscription {
  name: string;
  bus: string;
  pattern: string;
  endpoint: string;
}

/**
 * A webhook subscription: a connection (an API key header, since EventBridge needs an authorization type; the
 * receiver may check it), an API destination POSTing to the URL, and a rule on the bus targeting it.
 */
export async function subscribeWebhook(s: WebhookSubscription, header: { name: string; value: string }): Promise<{ ruleArn: string; apiDestinationArn: string }> {
  const eventbridge = new EventBridgeClient({});
  const name = `${SUBSCRIPTION_PREFIX}${s.name}`;
  try {
    const { ConnectionArn } = await eventbridge.send(
      new CreateConnectionCommand({ Name: name, AuthorizationType: 'API_KEY', AuthParameters: { ApiKeyAuthParameters: { ApiKeyName: header.name, ApiKeyValue: header.value } } }),
    );
    const { ApiDestinationArn } = await eventbridge.send(new CreateApiDestinationCommand({ Name: name, ConnectionArn, InvocationEndpoint: s.endpoint, HttpMethod: 'POST' }));
    const { RuleArn } = await eventbridge.send(new PutRuleCommand({ Name: name, EventBusName: s.bus, EventPattern: s.pattern, Description: `keydrill alerts subscription ${s.name} → ${s.endpoint}` }));
    await eventbridge.send(new PutTargetsCommand({ Rule: name, EventBusName: s.bus, Targets: [{ Id: 'webhook', Arn: ApiDestinationArn }] }));
    return { ruleArn: RuleArn!, apiDestinationArn: ApiDestinationArn! };
  } finally {
    eventbridge.destroy();
  }
}

export interface SubscriptionSummary {
  name: string;
  pattern?: string;
  endpoint?: string;
  state?: string;
}

export async function listSubscriptions(bus: string): Promise<SubscriptionSummary[]> {
  const eventbridge = new EventBridgeClient({});
  try {
    const summaries: SubscriptionSummary[] = [];
    let NextToken: string | undefined;
    do {
      const page = await eventbridge.send(new ListRulesCommand({ EventBusName: bus, NamePrefix: SUBSCRIPTION_PREFIX, NextToken }));
      for (const rule of page.Rules ?? []) {
        const destination = await eventbridge.send(new DescribeApiDestinationCommand({ Name: rule.Name! })).catch(() => undefined);
        summaries.push({ name: rule.Name!.slice(SUBSCRIPTION_PREFIX.length), pattern: rule.EventPattern, endpoint: destination?.InvocationEndpoint, state: rule.State });
      }
      NextToken = page.NextToken;
    } while (NextToken);
    return summaries;
  } finally {
    eventbridge.destroy();
  }
}

/** Removes the rule (and its targets), the API destination and the connection of a subscription. */
export async function unsubscribe(bus: string, subscription: string): Promise<void> {
  const eventbridge = new EventBridgeClient({});
  const name = `${SUBSCRIPTION_PREFIX}${subscription}`;
  try {
    const { Targets } = await eventbridge.send(new ListTargetsByRuleCommand({ Rule: name, EventBusName: bus }));
    if (Targets?.length) await eventbridge.send(new RemoveTargetsCommand({ Rule: name, EventBusName: bus, Ids: Targets.map((t) => t.Id!) }));
    await eventbridge.send(new DeleteRuleCommand({ Name: name, EventBusName: bus }));
    await eventbridge.send(new DeleteApiDestinationCommand({ Name: name })).catch(() => undefined);
    await eventbridge.send(new DeleteConnectionCommand({ Name: name })).catch(() => undefined);
  } finally {
    eventbridge.destroy();
  }
}
