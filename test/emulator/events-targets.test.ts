import { PutEventsCommand, PutRuleCommand } from '@aws-sdk/client-eventbridge';
import { CreateRoleCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { CreateStreamCommand, DescribeStreamSummaryCommand, GetRecordsCommand, GetShardIteratorCommand, ListShardsCommand } from '@aws-sdk/client-kinesis';
import { ListExecutionsCommand } from '@aws-sdk/client-sfn';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { pollUntil } from '../../runtime/core/poll';
import { eventQueue, receiveMessages, ruleWithTargets } from '../helpers/events';
import { failure, useRuntime } from '../helpers/runtime';
import { createMachine, settled, stateMachineRole } from '../helpers/sfn';

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
  it("starts an execution of the machine with the event as its input, as the target's role", async () => {
    const machineRole = await stateMachineRole(env.clients.iam, 'events-target-machine');
    const machine = await createMachine(env.clients.sfn, 'from-events', { StartAt: 'Done', States: { Done: { Type: 'Pass', End: true } } }, machineRole);
    const starter = await roleSession('events-starter', [{ Effect: 'Allow', Action: 'states:StartExecution', Resource: machine }]);
    await ruleWithTargets(env.clients, { Name: 'to-machine', EventPattern: { source: ['app.states'] } }, [{ Id: 'sm', Arn: machine, RoleArn: starter.arn }]);
    const out = await env.clients.eventbridge.send(new PutEventsCommand({ Entries: [{ Source: 'app.states', DetailType: 't', Detail: '{"drill":"alias-switch"}' }] }));
    const execution = await pollUntil('an execution started by the rule', async () => (await env.clients.sfn.send(new ListExecutionsCommand({ stateMachineArn: machine }))).executions?.[0]);
    const done = await settled(env.clients.sfn, execution.executionArn!);
    expect(done.status).toBe('SUCCEEDED');
    expect(JSON.parse(done.input!)).toMatchObject({ id: out.Entries![0].EventId, source: 'app.states', detail: { drill: 'alias-switch' } });
  });

  it('dead-letters the event, without retries, when the machine does not exist or the role may not start it', async () => {
    const dlq = await eventQueue(env.clients, 'states-dlq');
    const missing = `arn:aws:states:${env.runtime.region}:${env.runtime.account}:stateMachine:no-such-machine`;
    const mayStart = await roleSession('events-may-start', [{ Effect: 'Allow', Action: 'states:StartExecution', Resource: '*' }]);
    const noStart = await roleSession('events-no-start', [{ Effect: 'Allow', Action: 'states:DescribeExecution', Resource: '*' }]);
    const machineRole = await stateMachineRole(env.clients.iam, 'events-denied-machine');
    const machine = await createMachine(env.clients.sfn, 'not-for-events', { StartAt: 'Done', States: { Done: { Type: 'Pass', End: true } } }, machineRole);
    await ruleWithTargets(env.clients, { Name: 'to-missing-machine', EventPattern: { source: ['app.states.bad'] } }, [
      { Id: 'missing', Arn: missing, RoleArn: mayStart.arn, DeadLetterConfig: { Arn: dlq.arn } },
      { Id: 'denied', Arn: machine, RoleArn: noStart.arn, DeadLetterConfig: { Arn: dlq.arn } },
    ]);
    await env.clients.eventbridge.send(new PutEventsCommand({ Entries: [{ Source: 'app.states.bad', DetailType: 't', Detail: '{}' }] }));
    const letters = await receiveMessages(env.clients, dlq.url, 2);
    const byTarget = Object.fromEntries(letters.map((l) => [l.MessageAttributes!.TARGET_ARN.StringValue, l.MessageAttributes!]));
    expect(byTarget[missing].ERROR_CODE.StringValue).toBe('NO_RESOURCE');
    expect(byTarget[missing].RETRY_ATTEMPTS.StringValue).toBe('0');
    expect(byTarget[machine].ERROR_CODE.StringValue).toBe('NO_PERMISSIONS');
    expect((await env.clients.sfn.send(new ListExecutionsCommand({ stateMachineArn: machine }))).executions).toEqual([]);
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
