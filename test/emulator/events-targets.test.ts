import { PutEventsCommand, PutRuleCommand } from '@aws-sdk/client-eventbridge';
import { CreateRoleCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { CreateStreamCommand, DescribeStreamSummaryCommand, GetRecordsCommand, GetShardIteratorCommand, ListShardsCommand } from '@aws-sdk/client-kinesis';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { eventQueue, receiveMessages, ruleWithTargets } from '../helpers/events';
import { failure, useRuntime } from '../helpers/runtime';

const env = useRuntime({ events: { baseDelayMs: 5, maxDelayMs: 20 } });

async function activeStream(name: string): Promise<string> {
  await env.clients.kinesis.send(new CreateStreamCommand({ StreamName: name, ShardCount: 1 }));
  for (;;) {
    const { StreamDescriptionSummary } = await env.clients.kinesis.send(new DescribeStreamSummaryCommand({ StreamName: name }));
    if (StreamDescriptionSummary!.StreamStatus === 'ACTIVE') return StreamDescriptionSummary!.StreamARN!;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A role the account may assume, with one inline policy; its session's credentials. */
async function roleSession(name: string, statements: object[]) {
  const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${env.runtime.account}:root` }, Action: 'sts:AssumeRole' }] };
  const { Role } = await env.clients.iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: JSON.stringify(trust) }));
  await env.clients.iam.send(new PutRolePolicyCommand({ RoleName: name, PolicyName: 'p', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: statements }) }));
  const { Credentials } = await env.clients.sts.send(new AssumeRoleCommand({ RoleArn: Role!.Arn, RoleSessionName: 'test' }));
  return { arn: Role!.Arn!, credentials: { accessKeyId: Credentials!.AccessKeyId!, secretAccessKey: Credentials!.SecretAccessKey!, sessionToken: Credentials!.SessionToken! } };
}

describe('a Kinesis target', () => {
  it('puts the event as a record, with the partition key PartitionKeyPath selects (the event id without one)', async () => {
    const streamArn = await activeStream('events-target');
    await ruleWithTargets(env.clients, { Name: 'to-stream', EventPattern: { source: ['app.stream'] } }, [
      { Id: 'keyed', Arn: streamArn, KinesisParameters: { PartitionKeyPath: '$.detail.customer' } },
      { Id: 'unkeyed', Arn: streamArn, Input: '{"plain":true}' },
    ]);
    const out = await env.clients.eventbridge.send(new PutEventsCommand({ Entries: [{ Source: 'app.stream', DetailType: 't', Detail: '{"customer":"c-42"}' }] }));
    const { Shards } = await env.clients.kinesis.send(new ListShardsCommand({ StreamName: 'events-target' }));
    const { ShardIterator } = await env.clients.kinesis.send(new GetShardIteratorCommand({ StreamName: 'events-target', ShardId: Shards![0].ShardId, ShardIteratorType: 'TRIM_HORIZON' }));
    const records = [];
    for (let iterator = ShardIterator, tries = 0; records.length < 2 && tries < 100; tries++) {
      const page = await env.clients.kinesis.send(new GetRecordsCommand({ ShardIterator: iterator }));
      records.push(...page.Records!);
      iterator = page.NextShardIterator;
      if (records.length < 2) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const byKey = Object.fromEntries(records.map((r) => [r.PartitionKey, Buffer.from(r.Data!).toString('utf8')]));
    expect(JSON.parse(byKey['c-42'])).toMatchObject({ id: out.Entries![0].EventId, detail: { customer: 'c-42' } });
    expect(byKey[out.Entries![0].EventId!]).toBe('{"plain":true}');
  });
});

describe('a Step Functions target', () => {
  it('fails clearly, without retries, while the runtime serves no Step Functions', async () => {
    const dlq = await eventQueue(env.clients, 'states-dlq');
    const machine = `arn:aws:states:${env.runtime.region}:${env.runtime.account}:stateMachine:drill`;
    await ruleWithTargets(env.clients, { Name: 'to-machine', EventPattern: { source: ['app.states'] } }, [{ Id: 'sm', Arn: machine, DeadLetterConfig: { Arn: dlq.arn } }]);
    await env.clients.eventbridge.send(new PutEventsCommand({ Entries: [{ Source: 'app.states', DetailType: 't', Detail: '{}' }] }));
    const [letter] = await receiveMessages(env.clients, dlq.url, 1);
    const attributes = Object.fromEntries(Object.entries(letter.MessageAttributes!).map(([name, value]) => [name, value.StringValue]));
    expect(attributes).toMatchObject({ TARGET_ARN: machine, ERROR_CODE: 'NO_RESOURCE', RETRY_ATTEMPTS: '0', ERROR_MESSAGE: expect.stringContaining('Step Functions') });
  });
});

describe('authorization', () => {
  it("refuses EventBridge calls the caller's identity policies do not allow", async () => {
    const allowed = `arn:aws:events:${env.runtime.region}:${env.runtime.account}:rule/allowed-*`;
    const session = await roleSession('events-limited', [{ Effect: 'Allow', Action: 'events:PutRule', Resource: allowed }]);
    const limited = env.clientsAs(session.credentials).eventbridge;
    await limited.send(new PutRuleCommand({ Name: 'allowed-1', EventPattern: '{"source":["x"]}' }));
    const denied = await failure(limited.send(new PutRuleCommand({ Name: 'other', EventPattern: '{"source":["x"]}' })));
    expect(denied.name).toBe('AccessDeniedException');
    expect(denied.message).toContain(`is not authorized to perform: events:PutRule on resource: arn:aws:events:${env.runtime.region}:${env.runtime.account}:rule/other`);
    const put = await limited.send(new PutEventsCommand({ Entries: [{ Source: 'app', DetailType: 't', Detail: '{}' }] }));
    expect(put.Entries![0].ErrorCode).toBe('AccessDeniedException');
  });

  it("delivers to a target as the target's role, which needs permission on the target", async () => {
    const queue = await eventQueue(env.clients, 'role-target');
    const dlq = await eventQueue(env.clients, 'role-target-dlq');
    const noSend = await roleSession('events-no-send', [{ Effect: 'Allow', Action: 'sqs:GetQueueUrl', Resource: '*' }]);
    await ruleWithTargets(env.clients, { Name: 'as-role', EventPattern: { source: ['app.role'] } }, [{ Id: 'q', Arn: queue.arn, RoleArn: noSend.arn, DeadLetterConfig: { Arn: dlq.arn } }]);
    await env.clients.eventbridge.send(new PutEventsCommand({ Entries: [{ Source: 'app.role', DetailType: 't', Detail: '{}' }] }));
    const [letter] = await receiveMessages(env.clients, dlq.url, 1);
    expect(letter.MessageAttributes!.ERROR_CODE.StringValue).toBe('NO_PERMISSIONS');
    expect(await receiveMessages(env.clients, queue.url, 1, 1000)).toEqual([]);
  });
});
