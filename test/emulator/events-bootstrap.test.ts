import { DescribeRuleCommand, ListTargetsByRuleCommand, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { AddPermissionCommand, GetPolicyCommand, RemovePermissionCommand } from '@aws-sdk/client-lambda';
import type { CfnTemplate } from '../../runtime/bootstrap/template';
import { control } from '../helpers/control-plane';
import { eventQueue, receiveMessages, ruleWithTargets } from '../helpers/events';
import { fixtureFunction, lambdaRole } from '../helpers/lambda';
import { failure, useRuntime } from '../helpers/runtime';

/**
 * EventBridge resources deployed from a template shaped as CDK synthesizes it (a bus, a rule on it with an SQS
 * target and an InputTransformer, a queue policy, a rule on the default bus targeting a function with its
 * AWS::Lambda::Permission), and Lambda resource policies (AddPermission, GetPolicy, RemovePermission).
 */
const template: CfnTemplate = {
  Resources: {
    AlertBus: { Type: 'AWS::Events::EventBus', Properties: { Name: 'keydrill-alerts' } },
    AlertQueue: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'alert-copies' } },
    AlertRule: {
      Type: 'AWS::Events::Rule',
      Properties: {
        EventBusName: { Ref: 'AlertBus' },
        EventPattern: { source: ['keydrill.alerts'] },
        State: 'ENABLED',
        Targets: [
          {
            Arn: { 'Fn::GetAtt': ['AlertQueue', 'Arn'] },
            Id: 'Target0',
            InputTransformer: { InputPathsMap: { 'detail-keyId': '$.detail.keyId' }, InputTemplate: '{"key":<detail-keyId>}' },
          },
        ],
      },
    },
    AlertQueuePolicy: {
      Type: 'AWS::SQS::QueuePolicy',
      Properties: {
        Queues: [{ Ref: 'AlertQueue' }],
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: 'sqs:SendMessage', Resource: { 'Fn::GetAtt': ['AlertQueue', 'Arn'] }, Condition: { ArnEquals: { 'aws:SourceArn': { 'Fn::GetAtt': ['AlertRule', 'Arn'] } } } }],
        },
      },
    },
    FnRole: lambdaRole('events-echo-role', []),
    Echo: fixtureFunction('echo', 'FnRole', { FunctionName: 'events-echo' }),
    EchoRule: { Type: 'AWS::Events::Rule', Properties: { EventPattern: { source: ['app.echo'] }, Targets: [{ Arn: { 'Fn::GetAtt': ['Echo', 'Arn'] }, Id: 'Target0' }] } },
    EchoPermission: {
      Type: 'AWS::Lambda::Permission',
      Properties: { Action: 'lambda:InvokeFunction', FunctionName: { 'Fn::GetAtt': ['Echo', 'Arn'] }, Principal: 'events.amazonaws.com', SourceArn: { 'Fn::GetAtt': ['EchoRule', 'Arn'] } },
    },
  },
  Outputs: {
    AlertBusName: { Value: { Ref: 'AlertBus' } },
    AlertRuleRef: { Value: { Ref: 'AlertRule' } },
    EchoRuleRef: { Value: { Ref: 'EchoRule' } },
  },
};

const env = useRuntime({ stack: { name: 'events-stack', template }, events: { baseDelayMs: 5, maxDelayMs: 20 } });
const functionArn = () => `arn:aws:lambda:${env.runtime.region}:${env.runtime.account}:function:events-echo`;

async function logLines(fn: string): Promise<string> {
  const { body } = await control(env.runtime, `logs/${fn}`);
  return (body.events as { message: string }[]).map((e) => e.message).join('\n');
}

async function until(check: () => Promise<boolean>, timeoutMs = 8000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

describe('EventBridge resources from the template', () => {
  it('deploys the bus and its rule (Ref = bus|name), whose SQS target gets the transformed event', async () => {
    const rule = await env.clients.eventbridge.send(new DescribeRuleCommand({ Name: 'events-stack-AlertRule', EventBusName: 'keydrill-alerts' }));
    expect(rule).toMatchObject({ EventBusName: 'keydrill-alerts', State: 'ENABLED', Arn: `arn:aws:events:${env.runtime.region}:${env.runtime.account}:rule/keydrill-alerts/events-stack-AlertRule` });
    expect(JSON.parse(rule.EventPattern!)).toEqual({ source: ['keydrill.alerts'] });
    const { Targets } = await env.clients.eventbridge.send(new ListTargetsByRuleCommand({ Rule: 'events-stack-AlertRule', EventBusName: 'keydrill-alerts' }));
    expect(Targets!.map((t) => t.Id)).toEqual(['Target0']);

    await env.clients.eventbridge.send(new PutEventsCommand({ Entries: [{ EventBusName: 'keydrill-alerts', Source: 'keydrill.alerts', DetailType: 'Key Disabled', Detail: '{"keyId":"k-1"}' }] }));
    const queue = await eventQueue(env.clients, 'alert-copies');
    const [message] = await receiveMessages(env.clients, queue.url, 1);
    expect(message.Body).toBe('{"key":"k-1"}');
  });

  it('resolves the Refs CloudFormation gives rules', async () => {
    const { body } = await control(env.runtime, 'outputs');
    expect(body).toMatchObject({ AlertBusName: 'keydrill-alerts', AlertRuleRef: 'keydrill-alerts|events-stack-AlertRule', EchoRuleRef: 'events-stack-EchoRule' });
  });

  it('invokes a function its AWS::Lambda::Permission lets the rule invoke', async () => {
    await env.clients.eventbridge.send(new PutEventsCommand({ Entries: [{ Source: 'app.echo', DetailType: 'Ping', Detail: '{"marker":"from-the-rule"}' }] }));
    expect(await until(async () => (await logLines('events-echo')).includes('from-the-rule'))).toBe(true);
  });
});

describe('Lambda resource policies', () => {
  it('AddPermission, GetPolicy and RemovePermission keep the function policy as AWS writes it', async () => {
    const added = await env.clients.lambda.send(
      new AddPermissionCommand({ FunctionName: 'events-echo', StatementId: 'extra', Action: 'lambda:InvokeFunction', Principal: 'events.amazonaws.com', SourceArn: 'arn:aws:events:us-east-1:000000000000:rule/x', SourceAccount: env.runtime.account }),
    );
    expect(JSON.parse(added.Statement!)).toEqual({
      Sid: 'extra',
      Effect: 'Allow',
      Principal: { Service: 'events.amazonaws.com' },
      Action: 'lambda:InvokeFunction',
      Resource: functionArn(),
      Condition: { StringEquals: { 'AWS:SourceAccount': env.runtime.account }, ArnLike: { 'AWS:SourceArn': 'arn:aws:events:us-east-1:000000000000:rule/x' } },
    });
    const policy = JSON.parse((await env.clients.lambda.send(new GetPolicyCommand({ FunctionName: 'events-echo' }))).Policy!);
    expect(policy.Statement.map((s: { Sid: string }) => s.Sid)).toEqual(['events-stack-EchoPermission', 'extra']);
    expect(await failure(env.clients.lambda.send(new AddPermissionCommand({ FunctionName: 'events-echo', StatementId: 'extra', Action: 'lambda:InvokeFunction', Principal: 's3.amazonaws.com' })))).toMatchObject({
      name: 'ResourceConflictException',
    });
    await env.clients.lambda.send(new RemovePermissionCommand({ FunctionName: 'events-echo', StatementId: 'extra' }));
    expect(await failure(env.clients.lambda.send(new RemovePermissionCommand({ FunctionName: 'events-echo', StatementId: 'extra' })))).toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'Statement extra is not found in resource policy.',
    });
  });

  it('a rule the function policy does not name cannot invoke it: the event is dead-lettered as NO_PERMISSIONS, without retries', async () => {
    const dlq = await eventQueue(env.clients, 'unpermitted-dlq');
    await ruleWithTargets(env.clients, { Name: 'not-permitted', EventPattern: { source: ['app.unpermitted'] } }, [{ Id: 'fn', Arn: functionArn(), DeadLetterConfig: { Arn: dlq.arn } }]);
    await env.clients.eventbridge.send(new PutEventsCommand({ Entries: [{ Source: 'app.unpermitted', DetailType: 'Ping', Detail: '{"marker":"must-not-run"}' }] }));
    const [letter] = await receiveMessages(env.clients, dlq.url, 1);
    expect(letter.MessageAttributes!.ERROR_CODE.StringValue).toBe('NO_PERMISSIONS');
    expect(letter.MessageAttributes!.RETRY_ATTEMPTS.StringValue).toBe('0');
    expect(await logLines('events-echo')).not.toContain('must-not-run');
  });
});
