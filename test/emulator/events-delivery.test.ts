import { CreateEventBusCommand, PutEventsCommand, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { CreateKeyCommand, DisableKeyCommand } from '@aws-sdk/client-kms';
import { control } from '../helpers/control-plane';
import { eventQueue, receiveMessages, ruleWithTargets } from '../helpers/events';
import { useRuntime } from '../helpers/runtime';

/** Retries a few milliseconds apart, so a test sees a delivery exhaust its retries without moving the clock. */
const env = useRuntime({ events: { baseDelayMs: 5, maxDelayMs: 20 } });
const eb = () => env.clients.eventbridge;

describe('delivery to an SQS target', () => {
  it('delivers the event exactly as AWS shapes it, only to rules of its own bus', async () => {
    const queue = await eventQueue(env.clients, 'orders-events');
    const other = await eventQueue(env.clients, 'other-bus-events');
    await eb().send(new CreateEventBusCommand({ Name: 'other' }));
    const pattern = { source: ['app.orders'], detail: { amount: [{ numeric: ['>', 100] }] } };
    await ruleWithTargets(env.clients, { Name: 'big-orders', EventPattern: pattern }, [{ Id: 'q', Arn: queue.arn }]);
    await ruleWithTargets(env.clients, { Name: 'big-orders', EventBusName: 'other', EventPattern: pattern }, [{ Id: 'q', Arn: other.arn }]);

    const time = new Date('2026-11-30T12:34:56Z');
    const out = await eb().send(
      new PutEventsCommand({
        Entries: [
          { Source: 'app.orders', DetailType: 'Order Placed', Detail: JSON.stringify({ amount: 150, items: ['a'] }), Resources: ['arn:aws:app:::order/1'], Time: time },
          { Source: 'app.orders', DetailType: 'Order Placed', Detail: JSON.stringify({ amount: 5 }) },
        ],
      }),
    );
    expect(out.FailedEntryCount).toBe(0);
    const [message, ...more] = await receiveMessages(env.clients, queue.url, 2, 2500);
    expect(more).toEqual([]);
    expect(JSON.parse(message.Body!)).toEqual({
      version: '0',
      id: out.Entries![0].EventId,
      'detail-type': 'Order Placed',
      source: 'app.orders',
      account: env.runtime.account,
      time: '2026-11-30T12:34:56Z',
      region: env.runtime.region,
      resources: ['arn:aws:app:::order/1'],
      detail: { amount: 150, items: ['a'] },
    });
    expect(await receiveMessages(env.clients, other.url, 1, 1500)).toEqual([]);
  });

  it('does not deliver for a disabled rule', async () => {
    const queue = await eventQueue(env.clients, 'disabled-rule-events');
    await ruleWithTargets(env.clients, { Name: 'off', State: 'DISABLED', EventPattern: { source: ['app.off'] } }, [{ Id: 'q', Arn: queue.arn }]);
    await eb().send(new PutEventsCommand({ Entries: [{ Source: 'app.off', DetailType: 't', Detail: '{}' }] }));
    expect(await receiveMessages(env.clients, queue.url, 1, 1500)).toEqual([]);
  });

  it('delivers the constant Input of a target instead of the event', async () => {
    const queue = await eventQueue(env.clients, 'constant-input');
    await ruleWithTargets(env.clients, { Name: 'constant', EventPattern: { source: ['app.constant'] } }, [{ Id: 'q', Arn: queue.arn, Input: '{"fixed":true}' }]);
    await eb().send(new PutEventsCommand({ Entries: [{ Source: 'app.constant', DetailType: 't', Detail: '{}' }] }));
    const [message] = await receiveMessages(env.clients, queue.url, 1);
    expect(message.Body).toBe('{"fixed":true}');
  });

  it('renders InputPath and InputTransformer (JSON and string templates, predefined variables) for each target', async () => {
    const path = await eventQueue(env.clients, 'input-path');
    const json = await eventQueue(env.clients, 'transformer-json');
    const text = await eventQueue(env.clients, 'transformer-text');
    const ruleArn = await ruleWithTargets(env.clients, { Name: 'transform', EventPattern: { source: ['app.transform'] } }, [
      { Id: 'path', Arn: path.arn, InputPath: '$.detail.order' },
      {
        Id: 'json',
        Arn: json.arn,
        InputTransformer: { InputPathsMap: { 'order-id': '$.detail.order.id', missing: '$.detail.nope' }, InputTemplate: '{"id": <order-id>, "rule": <aws.events.rule-arn>, "missing": "<missing>"}' },
      },
      { Id: 'text', Arn: text.arn, InputTransformer: { InputPathsMap: { id: '$.detail.order.id' }, InputTemplate: '"Order <id> placed"' } },
    ]);
    await eb().send(new PutEventsCommand({ Entries: [{ Source: 'app.transform', DetailType: 't', Detail: JSON.stringify({ order: { id: 'o-1', total: 3 } }) }] }));
    const body = async (url: string) => (await receiveMessages(env.clients, url, 1))[0]?.Body;
    expect(JSON.parse((await body(path.url))!)).toEqual({ id: 'o-1', total: 3 });
    expect(JSON.parse((await body(json.url))!)).toEqual({ id: 'o-1', rule: ruleArn, missing: '' });
    expect(await body(text.url)).toBe('"Order o-1 placed"');
  });

  it('forwards to another bus, whose rules then see the event', async () => {
    const queue = await eventQueue(env.clients, 'forwarded');
    await eb().send(new CreateEventBusCommand({ Name: 'downstream' }));
    const downstreamArn = `arn:aws:events:${env.runtime.region}:${env.runtime.account}:event-bus/downstream`;
    await ruleWithTargets(env.clients, { Name: 'forward', EventPattern: { source: ['app.fwd'] } }, [{ Id: 'bus', Arn: downstreamArn }]);
    await ruleWithTargets(env.clients, { Name: 'land', EventBusName: 'downstream', EventPattern: { source: ['app.fwd'] } }, [{ Id: 'q', Arn: queue.arn }]);
    const out = await eb().send(new PutEventsCommand({ Entries: [{ Source: 'app.fwd', DetailType: 't', Detail: '{"n":1}' }] }));
    const [message] = await receiveMessages(env.clients, queue.url, 1);
    expect(JSON.parse(message.Body!)).toMatchObject({ id: out.Entries![0].EventId, source: 'app.fwd', detail: { n: 1 } });
  });
});

describe('schedules', () => {
  it('fires a rate() rule when the runtime clock is advanced, with the Scheduled Event shape', async () => {
    const queue = await eventQueue(env.clients, 'scheduled');
    const ruleArn = await ruleWithTargets(env.clients, { Name: 'every-5-minutes', ScheduleExpression: 'rate(5 minutes)' }, [{ Id: 'q', Arn: queue.arn }]);
    expect(await receiveMessages(env.clients, queue.url, 1, 1200)).toEqual([]);
    await control(env.runtime, 'clock', { method: 'POST', body: { advanceSeconds: 5 * 60 } });
    const [message, ...more] = await receiveMessages(env.clients, queue.url, 2, 2500);
    expect(more).toEqual([]);
    const event = JSON.parse(message.Body!);
    expect(event).toEqual({
      version: '0',
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      account: env.runtime.account,
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:00Z$/),
      region: env.runtime.region,
      resources: [ruleArn],
      detail: {},
    });
  });

  it('fires a cron() rule at its minutes, in UTC', async () => {
    const queue = await eventQueue(env.clients, 'cron-scheduled');
    await ruleWithTargets(env.clients, { Name: 'every-ten-minutes', ScheduleExpression: 'cron(0/10 * * * ? *)' }, [{ Id: 'q', Arn: queue.arn }]);
    await control(env.runtime, 'clock', { method: 'POST', body: { advanceSeconds: 10 * 60 } });
    const [message, ...more] = await receiveMessages(env.clients, queue.url, 2, 2500);
    expect(more).toEqual([]);
    expect(JSON.parse(message.Body!).time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:[0-5]0:00Z$/);
  });

  it('after a jump of the clock, fires once for every moment it missed', async () => {
    const queue = await eventQueue(env.clients, 'missed-moments');
    await ruleWithTargets(env.clients, { Name: 'every-minute', ScheduleExpression: 'rate(1 minute)' }, [{ Id: 'q', Arn: queue.arn }]);
    await control(env.runtime, 'clock', { method: 'POST', body: { advanceSeconds: 5 * 60 } });
    const received = await receiveMessages(env.clients, queue.url, 7, 3000);
    const times = received.map((m) => Date.parse(JSON.parse(m.Body!).time)).sort((a, b) => a - b);
    // Five moments were jumped over; the wall clock may add a sixth while the test runs (the runtime clock keeps going).
    expect(times.length === 5 || times.length === 6).toBe(true);
    expect(new Set(times.slice(1).map((time, i) => time - times[i]))).toEqual(new Set([60_000]));
  });
});

describe('retries and dead letters', () => {
  it('retries a Lambda target whose Invoke keeps failing, then sends the original event to the dead-letter queue', async () => {
    const dlq = await eventQueue(env.clients, 'lambda-dlq');
    const functionArn = `arn:aws:lambda:${env.runtime.region}:${env.runtime.account}:function:flaky`;
    const ruleArn = await ruleWithTargets(env.clients, { Name: 'to-flaky', EventPattern: { source: ['app.flaky'] } }, [
      { Id: 'fn', Arn: functionArn, Input: '{"transformed":true}', RetryPolicy: { MaximumRetryAttempts: 2 }, DeadLetterConfig: { Arn: dlq.arn } },
    ]);
    await control(env.runtime, 'faults', { method: 'POST', body: { service: 'lambda', operation: 'Invoke', errorCode: 'ServiceException', status: 500, count: 100 } });
    try {
      const out = await eb().send(new PutEventsCommand({ Entries: [{ Source: 'app.flaky', DetailType: 't', Detail: '{"k":"v"}' }] }));
      const [letter] = await receiveMessages(env.clients, dlq.url, 1);
      expect(JSON.parse(letter.Body!)).toMatchObject({ id: out.Entries![0].EventId, source: 'app.flaky', detail: { k: 'v' } });
      const attributes = Object.fromEntries(Object.entries(letter.MessageAttributes!).map(([name, value]) => [name, value.StringValue]));
      expect(attributes).toEqual({
        RULE_ARN: ruleArn,
        TARGET_ARN: functionArn,
        ERROR_CODE: 'ServiceException',
        ERROR_MESSAGE: expect.any(String),
        EXHAUSTED_RETRY_CONDITION: 'MaximumRetryAttempts',
        RETRY_ATTEMPTS: '2',
      });
      // The first attempt and two retries took three of the injected failures.
      const { body } = await control(env.runtime, 'faults');
      expect(body.faults[0].count).toBe(97);
    } finally {
      await control(env.runtime, 'faults', { method: 'DELETE' });
    }
  });

  it('dead-letters at once, without retries, when the target does not exist', async () => {
    const dlq = await eventQueue(env.clients, 'missing-target-dlq');
    const missing = `arn:aws:sqs:${env.runtime.region}:${env.runtime.account}:no-such-queue`;
    await ruleWithTargets(env.clients, { Name: 'to-missing', EventPattern: { source: ['app.missing'] } }, [{ Id: 'q', Arn: missing, DeadLetterConfig: { Arn: dlq.arn } }]);
    await eb().send(new PutEventsCommand({ Entries: [{ Source: 'app.missing', DetailType: 't', Detail: '{}' }] }));
    const [letter] = await receiveMessages(env.clients, dlq.url, 1);
    expect(letter.MessageAttributes!.ERROR_CODE.StringValue).toBe('NO_RESOURCE');
    expect(letter.MessageAttributes!.RETRY_ATTEMPTS.StringValue).toBe('0');
    expect(letter.MessageAttributes!.EXHAUSTED_RETRY_CONDITION).toBeUndefined();
  });

  it('a target that is down does not hold up the other targets of the rule', async () => {
    const healthy = await eventQueue(env.clients, 'healthy-target');
    const down = `arn:aws:lambda:${env.runtime.region}:${env.runtime.account}:function:down`;
    await control(env.runtime, 'faults', { method: 'POST', body: { service: 'lambda', operation: 'Invoke', errorCode: 'ServiceException', status: 500 } });
    try {
      await ruleWithTargets(env.clients, { Name: 'half-down', EventPattern: { source: ['app.half'] } }, [
        { Id: 'down', Arn: down },
        { Id: 'up', Arn: healthy.arn },
      ]);
      await eb().send(new PutEventsCommand({ Entries: [{ Source: 'app.half', DetailType: 't', Detail: '{}' }] }));
      expect(await receiveMessages(env.clients, healthy.url, 1)).toHaveLength(1);
    } finally {
      await control(env.runtime, 'faults', { method: 'DELETE' });
    }
  });
});

describe('AWS service events on the default bus', () => {
  it('KMS DisableKey produces the CloudTrail-shaped event', async () => {
    const queue = await eventQueue(env.clients, 'kms-events');
    await ruleWithTargets(
      env.clients,
      { Name: 'kms-disable', EventPattern: { source: ['aws.kms'], 'detail-type': ['AWS API Call via CloudTrail'], detail: { eventSource: ['kms.amazonaws.com'], eventName: ['DisableKey'] } } },
      [{ Id: 'q', Arn: queue.arn }],
    );
    const { KeyMetadata } = await env.clients.kms.send(new CreateKeyCommand({}));
    await env.clients.kms.send(new DisableKeyCommand({ KeyId: KeyMetadata!.KeyId }));
    const [message, ...more] = await receiveMessages(env.clients, queue.url, 2, 2500);
    expect(more).toEqual([]);
    const event = JSON.parse(message.Body!);
    expect(event).toMatchObject({
      version: '0',
      'detail-type': 'AWS API Call via CloudTrail',
      source: 'aws.kms',
      account: env.runtime.account,
      region: env.runtime.region,
      resources: [],
      detail: {
        eventSource: 'kms.amazonaws.com',
        eventName: 'DisableKey',
        awsRegion: env.runtime.region,
        requestParameters: { keyId: KeyMetadata!.KeyId },
        readOnly: false,
        eventType: 'AwsApiCall',
        managementEvent: true,
        eventCategory: 'Management',
        resources: [{ accountId: env.runtime.account, type: 'AWS::KMS::Key', ARN: KeyMetadata!.Arn }],
      },
    });
  });

  it('a rule on a custom bus does not see them', async () => {
    const queue = await eventQueue(env.clients, 'custom-bus-kms');
    await eb().send(new CreateEventBusCommand({ Name: 'alerts-only' }));
    await ruleWithTargets(env.clients, { Name: 'kms-on-custom', EventBusName: 'alerts-only', EventPattern: { source: ['aws.kms'] } }, [{ Id: 'q', Arn: queue.arn }]);
    const { KeyMetadata } = await env.clients.kms.send(new CreateKeyCommand({}));
    await env.clients.kms.send(new DisableKeyCommand({ KeyId: KeyMetadata!.KeyId }));
    expect(await receiveMessages(env.clients, queue.url, 1, 1500)).toEqual([]);
  });

  it('read-only calls reach only rules with ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS', async () => {
    const all = await eventQueue(env.clients, 'all-management');
    const enabled = await eventQueue(env.clients, 'enabled-only');
    const pattern = { source: ['app.readonly'] };
    await ruleWithTargets(env.clients, { Name: 'all-mgmt', State: 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS', EventPattern: pattern }, [{ Id: 'q', Arn: all.arn }]);
    await ruleWithTargets(env.clients, { Name: 'enabled-mgmt', EventPattern: pattern }, [{ Id: 'q', Arn: enabled.arn }]);
    // No KMS call the runtime records is read-only yet; a recorded one stands in, as the trail holds it.
    env.runtime.trail.record({ 'detail-type': 'AWS API Call via CloudTrail', source: 'app.readonly', account: env.runtime.account, time: '2026-12-01T00:00:00Z', region: env.runtime.region, resources: [], detail: { eventName: 'DescribeKey', readOnly: true } });
    expect(await receiveMessages(env.clients, all.url, 1)).toHaveLength(1);
    expect(await receiveMessages(env.clients, enabled.url, 1, 1200)).toEqual([]);
  });
});

describe('PutTargets input checks', () => {
  it('refuses more than one of Input, InputPath and InputTransformer', async () => {
    await eb().send(new PutRuleCommand({ Name: 'inputs', EventPattern: JSON.stringify({ source: ['x'] }) }));
    const arn = `arn:aws:sqs:${env.runtime.region}:${env.runtime.account}:q`;
    await expect(eb().send(new PutTargetsCommand({ Rule: 'inputs', Targets: [{ Id: 't', Arn: arn, Input: '{}', InputPath: '$.detail' }] }))).rejects.toMatchObject({
      name: 'ValidationException',
      message: 'Only one of Input, InputPath, or InputTransformer must be provided for target t.',
    });
  });
});
