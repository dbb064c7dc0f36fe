import {
  CreateEventBusCommand,
  DeleteEventBusCommand,
  DeleteRuleCommand,
  DescribeEventBusCommand,
  DescribeRuleCommand,
  DisableRuleCommand,
  EnableRuleCommand,
  ListEventBusesCommand,
  ListRuleNamesByTargetCommand,
  ListRulesCommand,
  ListTagsForResourceCommand,
  ListTargetsByRuleCommand,
  PutEventsCommand,
  PutRuleCommand,
  PutTargetsCommand,
  RemoveTargetsCommand,
  TagResourceCommand,
  TestEventPatternCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-eventbridge';
import { control } from '../helpers/control-plane';
import { failure, useRuntime } from '../helpers/runtime';

const env = useRuntime();
const eb = () => env.clients.eventbridge;
const queueArn = (name: string) => `arn:aws:sqs:${env.runtime.region}:${env.runtime.account}:${name}`;

describe('event buses', () => {
  it('has a default bus that cannot be deleted', async () => {
    const bus = await eb().send(new DescribeEventBusCommand({}));
    expect(bus).toMatchObject({ Name: 'default', Arn: `arn:aws:events:${env.runtime.region}:${env.runtime.account}:event-bus/default` });
    expect(await failure(eb().send(new DeleteEventBusCommand({ Name: 'default' })))).toEqual({ name: 'ValidationException', status: 400, message: 'Cannot delete event bus default.' });
  });

  it('creates, lists, describes and deletes a custom bus', async () => {
    const { EventBusArn } = await eb().send(new CreateEventBusCommand({ Name: 'orders', Description: 'order events' }));
    expect(EventBusArn).toBe(`arn:aws:events:${env.runtime.region}:${env.runtime.account}:event-bus/orders`);
    expect(await failure(eb().send(new CreateEventBusCommand({ Name: 'orders' })))).toEqual({ name: 'ResourceAlreadyExistsException', status: 400, message: 'Event bus orders already exists.' });
    expect((await eb().send(new DescribeEventBusCommand({ Name: EventBusArn }))).Description).toBe('order events');
    expect((await eb().send(new ListEventBusesCommand({ NamePrefix: 'ord' }))).EventBuses!.map((b) => b.Name)).toEqual(['orders']);
    await eb().send(new DeleteEventBusCommand({ Name: 'orders' }));
    expect(await failure(eb().send(new DescribeEventBusCommand({ Name: 'orders' })))).toEqual({ name: 'ResourceNotFoundException', status: 400, message: 'Event bus orders does not exist.' });
  });

  it('refuses a bus name outside the model pattern', async () => {
    const refused = await failure(eb().send(new CreateEventBusCommand({ Name: 'bad name' })));
    expect(refused).toEqual({
      name: 'ValidationException',
      status: 400,
      message: "1 validation error detected: Value 'bad name' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[/\\.\\-_A-Za-z0-9]+$",
    });
  });
});

describe('rules', () => {
  it('puts, describes, disables, enables and lists rules by prefix with paging', async () => {
    const pattern = JSON.stringify({ source: ['app.orders'] });
    const { RuleArn } = await eb().send(new PutRuleCommand({ Name: 'orders-1', EventPattern: pattern, Description: 'first' }));
    expect(RuleArn).toBe(`arn:aws:events:${env.runtime.region}:${env.runtime.account}:rule/orders-1`);
    await eb().send(new PutRuleCommand({ Name: 'orders-2', EventPattern: pattern }));
    await eb().send(new PutRuleCommand({ Name: 'other', EventPattern: pattern }));
    expect(await eb().send(new DescribeRuleCommand({ Name: 'orders-1' }))).toMatchObject({ Name: 'orders-1', EventPattern: pattern, State: 'ENABLED', Description: 'first', EventBusName: 'default', CreatedBy: env.runtime.account });
    await eb().send(new DisableRuleCommand({ Name: 'orders-1' }));
    expect((await eb().send(new DescribeRuleCommand({ Name: 'orders-1' }))).State).toBe('DISABLED');
    await eb().send(new EnableRuleCommand({ Name: 'orders-1' }));
    expect((await eb().send(new DescribeRuleCommand({ Name: 'orders-1' }))).State).toBe('ENABLED');
    const first = await eb().send(new ListRulesCommand({ NamePrefix: 'orders-', Limit: 1 }));
    expect(first.Rules!.map((r) => r.Name)).toEqual(['orders-1']);
    const second = await eb().send(new ListRulesCommand({ NamePrefix: 'orders-', Limit: 1, NextToken: first.NextToken }));
    expect(second.Rules!.map((r) => r.Name)).toEqual(['orders-2']);
    expect(second.NextToken).toBeUndefined();
  });

  it('refuses a rule without pattern or schedule, a bad pattern, a bad schedule, and a schedule on a custom bus', async () => {
    expect(await failure(eb().send(new PutRuleCommand({ Name: 'r' })))).toEqual({ name: 'ValidationException', status: 400, message: 'Parameter(s) EventPattern or ScheduleExpression must be specified.' });
    expect(await failure(eb().send(new PutRuleCommand({ Name: 'r', EventPattern: '{"source":"x"}' })))).toEqual({
      name: 'InvalidEventPatternException',
      status: 400,
      message: 'Event pattern is not valid. Reason: "source" must be an object or an array\n at [Source: (String)"{"source":"x"}"; line: 1, column: 13]',
    });
    expect(await failure(eb().send(new PutRuleCommand({ Name: 'r', ScheduleExpression: 'rate(1 minutes)' })))).toEqual({ name: 'ValidationException', status: 400, message: 'Parameter ScheduleExpression is not valid.' });
    await eb().send(new CreateEventBusCommand({ Name: 'custom' }));
    expect(await failure(eb().send(new PutRuleCommand({ Name: 'r', EventBusName: 'custom', ScheduleExpression: 'rate(5 minutes)' })))).toEqual({
      name: 'ValidationException',
      status: 400,
      message: 'ScheduleExpression is supported only on the default event bus.',
    });
    expect(await failure(eb().send(new DescribeRuleCommand({ Name: 'nope' })))).toEqual({ name: 'ResourceNotFoundException', status: 400, message: 'Rule nope does not exist on EventBus default.' });
    expect(await failure(eb().send(new PutRuleCommand({ Name: 'r', EventBusName: 'ghost', EventPattern: '{"source":["x"]}' })))).toEqual({ name: 'ResourceNotFoundException', status: 400, message: 'Event bus ghost does not exist.' });
  });

  it('keeps targets per rule: at most 5, replaced by Id, listed, found by ARN, and DeleteRule refused until removed', async () => {
    await eb().send(new PutRuleCommand({ Name: 'fan-out', EventPattern: JSON.stringify({ source: ['app'] }) }));
    const targets = [1, 2, 3, 4, 5].map((n) => ({ Id: `t${n}`, Arn: queueArn(`q${n}`) }));
    expect(await eb().send(new PutTargetsCommand({ Rule: 'fan-out', Targets: targets }))).toMatchObject({ FailedEntryCount: 0, FailedEntries: [] });
    await eb().send(new PutTargetsCommand({ Rule: 'fan-out', Targets: [{ Id: 't1', Arn: queueArn('q1'), Input: '{"a":1}' }] }));
    expect(await failure(eb().send(new PutTargetsCommand({ Rule: 'fan-out', Targets: [{ Id: 't6', Arn: queueArn('q6') }] })))).toEqual({
      name: 'LimitExceededException',
      status: 400,
      message: 'The requested resource exceeds the maximum number allowed.',
    });
    const listed = await eb().send(new ListTargetsByRuleCommand({ Rule: 'fan-out' }));
    expect(listed.Targets!.map((t) => t.Id)).toEqual(['t1', 't2', 't3', 't4', 't5']);
    expect(listed.Targets![0].Input).toBe('{"a":1}');
    expect((await eb().send(new ListRuleNamesByTargetCommand({ TargetArn: queueArn('q3') }))).RuleNames).toEqual(['fan-out']);
    expect(await failure(eb().send(new DeleteRuleCommand({ Name: 'fan-out' })))).toEqual({ name: 'ValidationException', status: 400, message: "Rule can't be deleted since it has targets." });
    await eb().send(new RemoveTargetsCommand({ Rule: 'fan-out', Ids: targets.map((t) => t.Id) }));
    await eb().send(new DeleteRuleCommand({ Name: 'fan-out' }));
    expect((await failure(eb().send(new DescribeRuleCommand({ Name: 'fan-out' })))).name).toBe('ResourceNotFoundException');
  });

  it('reports a target it cannot deliver to as a failed entry and keeps the others', async () => {
    await eb().send(new PutRuleCommand({ Name: 'mixed', EventPattern: JSON.stringify({ source: ['app'] }) }));
    const out = await eb().send(
      new PutTargetsCommand({ Rule: 'mixed', Targets: [{ Id: 'ok', Arn: queueArn('q') }, { Id: 'sns', Arn: `arn:aws:sns:${env.runtime.region}:${env.runtime.account}:topic` }] }),
    );
    expect(out.FailedEntryCount).toBe(1);
    expect(out.FailedEntries![0]).toMatchObject({ TargetId: 'sns', ErrorCode: 'ValidationException' });
    expect((await eb().send(new ListTargetsByRuleCommand({ Rule: 'mixed' }))).Targets!.map((t) => t.Id)).toEqual(['ok']);
  });

  it('tags buses and rules', async () => {
    const { RuleArn } = await eb().send(new PutRuleCommand({ Name: 'tagged', EventPattern: JSON.stringify({ source: ['app'] }), Tags: [{ Key: 'team', Value: 'a' }] }));
    await eb().send(new TagResourceCommand({ ResourceARN: RuleArn, Tags: [{ Key: 'team', Value: 'b' }, { Key: 'env', Value: 'dev' }] }));
    await eb().send(new UntagResourceCommand({ ResourceARN: RuleArn, TagKeys: ['env'] }));
    expect((await eb().send(new ListTagsForResourceCommand({ ResourceARN: RuleArn }))).Tags).toEqual([{ Key: 'team', Value: 'b' }]);
    const missing = `arn:aws:events:${env.runtime.region}:${env.runtime.account}:rule/ghost`;
    expect(await failure(eb().send(new ListTagsForResourceCommand({ ResourceARN: missing })))).toEqual({ name: 'ResourceNotFoundException', status: 400, message: `Resource ${missing} does not exist.` });
  });
});

describe('PutEvents', () => {
  it('answers per entry: accepted, missing fields, malformed detail, an aws.* source, an unknown bus accepted', async () => {
    const out = await eb().send(
      new PutEventsCommand({
        Entries: [
          { Source: 'app', DetailType: 't', Detail: '{"a":1}' },
          { DetailType: 't', Detail: '{}' },
          { Source: 'app', DetailType: 't', Detail: '[1]' },
          { Source: 'aws.kms', DetailType: 't', Detail: '{}' },
          { Source: 'app', DetailType: 't', Detail: '{}', EventBusName: 'no-such-bus' },
        ],
      }),
    );
    expect(out.FailedEntryCount).toBe(3);
    expect(out.Entries![0].EventId).toMatch(/^[0-9a-f-]{36}$/);
    expect(out.Entries![1]).toEqual({ ErrorCode: 'InvalidArgument', ErrorMessage: 'Parameter Source is not valid. Reason: Source is a required argument.' });
    expect(out.Entries![2]).toEqual({ ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' });
    expect(out.Entries![3]).toEqual({ ErrorCode: 'NotAuthorizedForSourceException', ErrorMessage: 'Not authorized for the source.' });
    expect(out.Entries![4].EventId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses more than 10 entries and more than 256 KB', async () => {
    const entry = { Source: 'app', DetailType: 't', Detail: '{}' };
    const tooMany = await failure(eb().send(new PutEventsCommand({ Entries: Array.from({ length: 11 }, () => entry) })));
    expect(tooMany.name).toBe('ValidationException');
    expect(tooMany.message).toMatch(/^1 validation error detected: Value '.*' at 'entries' failed to satisfy constraint: Member must have length less than or equal to 10$/);
    const big = { ...entry, Detail: JSON.stringify({ blob: 'x'.repeat(130 * 1024) }) };
    expect(await failure(eb().send(new PutEventsCommand({ Entries: [big, big] })))).toEqual({ name: 'ValidationException', status: 400, message: 'Total size of the entries in the request is over the limit.' });
  });

  it('refuses a detail nested past the parser depth as malformed, and the runtime keeps serving', async () => {
    const deep = '{"a":'.repeat(1100) + '1' + '}'.repeat(1100);
    const out = await eb().send(new PutEventsCommand({ Entries: [{ Source: 'app', DetailType: 't', Detail: deep }] }));
    expect(out.Entries![0]).toEqual({ ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' });
    expect((await eb().send(new DescribeEventBusCommand({}))).Name).toBe('default');
  });
});

describe('TestEventPattern', () => {
  const event = (detail: object) =>
    JSON.stringify({ id: '1', account: '123456789012', source: 'app', time: '2026-12-01T00:00:00Z', region: 'us-east-1', resources: [], 'detail-type': 't', detail });

  it('matches and refuses as AWS does', async () => {
    expect((await eb().send(new TestEventPatternCommand({ EventPattern: '{"detail":{"n":[{"numeric":[">",5]}]}}', Event: event({ n: 6 }) }))).Result).toBe(true);
    expect((await eb().send(new TestEventPatternCommand({ EventPattern: '{"detail":{"n":[{"numeric":[">",5]}]}}', Event: event({ n: 5 }) }))).Result).toBe(false);
    expect(await failure(eb().send(new TestEventPatternCommand({ EventPattern: '{"source":["app"]}', Event: '{"source":"app"}' })))).toEqual({ name: 'ValidationException', status: 400, message: 'Parameter Event is not valid.' });
  });
});

describe('a reset', () => {
  it('removes every bus but the default one, and every rule', async () => {
    await eb().send(new CreateEventBusCommand({ Name: 'before-reset' }));
    await eb().send(new PutRuleCommand({ Name: 'before-reset', EventPattern: '{"source":["x"]}' }));
    expect((await control(env.runtime, 'reset', { method: 'POST' })).status).toBe(200);
    expect((await eb().send(new ListEventBusesCommand({}))).EventBuses!.map((bus) => bus.Name)).toEqual(['default']);
    expect((await eb().send(new ListRulesCommand({}))).Rules).toEqual([]);
  });
});
