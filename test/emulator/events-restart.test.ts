import { DescribeRuleCommand, ListTargetsByRuleCommand, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { CreateKeyCommand, DisableKeyCommand, EnableKeyCommand } from '@aws-sdk/client-kms';
import { control } from '../helpers/control-plane';
import { eventQueue, receiveMessages, ruleWithTargets } from '../helpers/events';
import { useRuntime } from '../helpers/runtime';
import { tempDataDir } from '../helpers/temp-data-dir';

/** A failed delivery waits 30 to 60 s of runtime clock for its retry: long enough to restart in between. */
const env = useRuntime({ dataDir: tempDataDir('events-restart'), events: { baseDelayMs: 60_000, maxDelayMs: 60_000 } });

describe('a restart on the same data directory', () => {
  it('keeps rules and targets, and retries the deliveries that were pending, once', async () => {
    const queue = await eventQueue(env.clients, 'survives-restart');
    const ruleArn = await ruleWithTargets(env.clients, { Name: 'durable', EventPattern: { source: ['app.durable'] } }, [{ Id: 'q', Arn: queue.arn }]);
    await control(env.runtime, 'faults', { method: 'POST', body: { service: 'sqs', operation: 'SendMessage', errorCode: 'InternalError', status: 500, count: 1000 } });
    const out = await env.clients.eventbridge.send(new PutEventsCommand({ Entries: [{ Source: 'app.durable', DetailType: 't', Detail: '{"n":1}' }] }));
    // The first attempt fails on the injected fault; its retry is due 30 to 60 s of runtime clock later.
    const deadline = Date.now() + 5000;
    while ((await control(env.runtime, 'faults')).body.faults[0].count === 1000 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect((await control(env.runtime, 'faults')).body.faults[0].count).toBe(999);

    await env.restart();

    expect(await env.clients.eventbridge.send(new DescribeRuleCommand({ Name: 'durable' }))).toMatchObject({ Arn: ruleArn, State: 'ENABLED', EventPattern: '{"source":["app.durable"]}' });
    expect((await env.clients.eventbridge.send(new ListTargetsByRuleCommand({ Rule: 'durable' }))).Targets).toEqual([{ Id: 'q', Arn: queue.arn }]);
    expect(await receiveMessages(env.clients, queue.url, 1, 1000)).toEqual([]);
    await control(env.runtime, 'clock', { method: 'POST', body: { advanceSeconds: 120 } });
    const delivered = await receiveMessages(env.clients, queue.url, 2, 2500);
    expect(delivered.map((m) => JSON.parse(m.Body!).id)).toEqual([out.Entries![0].EventId]);
  });

  it('puts each audit-trail event on the bus once across a restart: none repeated, none lost', async () => {
    const queue = await eventQueue(env.clients, 'kms-across-restart');
    await ruleWithTargets(env.clients, { Name: 'kms-calls', EventPattern: { source: ['aws.kms'], 'detail-type': ['AWS API Call via CloudTrail'] } }, [{ Id: 'q', Arn: queue.arn }]);
    const { KeyMetadata } = await env.clients.kms.send(new CreateKeyCommand({}));
    await env.clients.kms.send(new DisableKeyCommand({ KeyId: KeyMetadata!.KeyId }));
    expect((await receiveMessages(env.clients, queue.url, 1)).map((m) => JSON.parse(m.Body!).detail.eventName)).toEqual(['DisableKey']);

    await env.restart();

    await env.clients.kms.send(new EnableKeyCommand({ KeyId: KeyMetadata!.KeyId }));
    const after = await receiveMessages(env.clients, queue.url, 2, 2500);
    expect(after.map((m) => JSON.parse(m.Body!).detail.eventName)).toEqual(['EnableKey']);
  });
});
