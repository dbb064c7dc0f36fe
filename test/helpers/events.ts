import { PutRuleCommand, PutTargetsCommand, type Target } from '@aws-sdk/client-eventbridge';
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, type Message } from '@aws-sdk/client-sqs';
import type { ServiceClients } from './service-clients';

/** A queue to receive events on: its URL and ARN. */
export async function eventQueue(clients: ServiceClients, name: string): Promise<{ url: string; arn: string }> {
  const url = (await clients.sqs.send(new CreateQueueCommand({ QueueName: name }))).QueueUrl!;
  const { Attributes } = await clients.sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }));
  return { url, arn: Attributes!.QueueArn! };
}

/** Receives until `count` messages have arrived (all attributes included) or `timeoutMs` passed; returns what arrived. */
export async function receiveMessages(clients: ServiceClients, url: string, count: number, timeoutMs = 5000): Promise<Message[]> {
  const received: Message[] = [];
  const deadline = Date.now() + timeoutMs;
  while (received.length < count && Date.now() < deadline) {
    const { Messages } = await clients.sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, MessageAttributeNames: ['All'] }));
    received.push(...(Messages ?? []));
  }
  return received;
}

/** A rule with `pattern` (or a schedule) and the given targets. */
export async function ruleWithTargets(clients: ServiceClients, rule: { Name: string; EventPattern?: object; ScheduleExpression?: string; EventBusName?: string; State?: 'ENABLED' | 'DISABLED' | 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS' }, targets: Target[]): Promise<string> {
  const { RuleArn } = await clients.eventbridge.send(
    new PutRuleCommand({ ...rule, EventPattern: rule.EventPattern === undefined ? undefined : JSON.stringify(rule.EventPattern) }),
  );
  await clients.eventbridge.send(new PutTargetsCommand({ Rule: rule.Name, EventBusName: rule.EventBusName, Targets: targets }));
  return RuleArn!;
}
