import { CreateQueueCommand, DeleteMessageCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { DescribeExecutionCommand, SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import type { CfnTemplate } from '../../runtime/bootstrap/template';
import { control } from '../helpers/control-plane';
import { fixtureFunction, lambdaRole } from '../helpers/lambda';
import { useRuntime } from '../helpers/runtime';
import { createMachine, eventOf, history, settled, start, stateMachineRole } from '../helpers/sfn';
import { tempDataDir } from '../helpers/temp-data-dir';

const template: CfnTemplate = { Resources: { FnRole: lambdaRole('sfn-restart-fn-role', []), Sleeper: fixtureFunction('echo', 'FnRole', { FunctionName: 'sfn-restart-sleeper', Timeout: 10 }) } };
const env = useRuntime({ dataDir: tempDataDir('sfn-restart'), stack: { name: 'SfnRestart', template } }, { timeoutMs: 60_000 });
const sfn = () => env.clients.sfn;

describe('a restart in the middle of an execution', () => {
  it('a Wait keeps its deadline: the execution resumes RUNNING and ends once the clock passes it, with no event twice', async () => {
    const role = await stateMachineRole(env.clients.iam, 'sfn-restart-wait');
    const machine = await createMachine(
      sfn(),
      'restart-wait',
      { StartAt: 'Before', States: { Before: { Type: 'Pass', Next: 'Pause' }, Pause: { Type: 'Wait', Seconds: 3600, Next: 'After' }, After: { Type: 'Pass', Result: 'done', End: true } } },
      role,
    );
    const executionArn = await start(sfn(), machine, { n: 1 });
    await eventOf(sfn(), executionArn, 'WaitStateEntered');
    const before = await history(sfn(), executionArn);
    await env.restart();
    expect((await sfn().send(new DescribeExecutionCommand({ executionArn }))).status).toBe('RUNNING');
    expect(await history(sfn(), executionArn)).toEqual(before);
    await control(env.runtime, 'clock', { method: 'POST', body: { advanceSeconds: 3601 } });
    expect(await settled(sfn(), executionArn)).toMatchObject({ status: 'SUCCEEDED', output: '"done"' });
    const events = await history(sfn(), executionArn);
    expect(events.slice(0, before.length)).toEqual(before);
    expect(events.filter((e) => e.type === 'ExecutionStarted')).toHaveLength(1);
    expect(events.filter((e) => e.type === 'WaitStateEntered')).toHaveLength(1);
    expect(events.map((e) => e.id)).toEqual(events.map((_e, i) => i + 1));
  });

  it('a callback task keeps its token: SendTaskSuccess after the restart ends the task, which was not sent again', async () => {
    const queueUrl = (await env.clients.sqs.send(new CreateQueueCommand({ QueueName: 'sfn-restart-workers' }))).QueueUrl!;
    const queueArn = `arn:aws:sqs:${env.runtime.region}:${env.runtime.account}:sfn-restart-workers`;
    const role = await stateMachineRole(env.clients.iam, 'sfn-restart-callback', [{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: queueArn }]);
    const machine = await createMachine(
      sfn(),
      'restart-callback',
      {
        StartAt: 'Ask',
        States: { Ask: { Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken', Parameters: { QueueUrl: queueUrl, MessageBody: { 'token.$': '$$.Task.Token' } }, End: true } },
      },
      role,
    );
    const executionArn = await start(sfn(), machine, {});
    let message;
    do message = (await env.clients.sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 1 }))).Messages?.[0];
    while (!message);
    await env.clients.sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle }));
    await env.restart();
    await sfn().send(new SendTaskSuccessCommand({ taskToken: JSON.parse(message.Body!).token, output: '{"answer":42}' }));
    expect(await settled(sfn(), executionArn)).toMatchObject({ status: 'SUCCEEDED', output: '{"answer":42}' });
    const resent = await env.clients.sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 0 }));
    expect(resent.Messages ?? []).toEqual([]);
    expect((await history(sfn(), executionArn)).filter((e) => e.type === 'TaskScheduled')).toHaveLength(1);
  });

  it('a request in flight is not sent again: the attempt fails with States.TaskFailed, and the Retry decides', async () => {
    const role = await stateMachineRole(env.clients.iam, 'sfn-restart-task', [{ Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: '*' }]);
    const slow = { FunctionName: 'sfn-restart-sleeper', Payload: { action: 'sleep', ms: 1500 } };
    const machine = await createMachine(
      sfn(),
      'restart-task',
      {
        StartAt: 'Slow',
        States: { Slow: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: slow, Retry: [{ ErrorEquals: ['States.TaskFailed'], IntervalSeconds: 1, MaxAttempts: 1 }], OutputPath: '$.Payload', End: true } },
      },
      role,
    );
    const executionArn = await start(sfn(), machine, {});
    await eventOf(sfn(), executionArn, 'TaskStarted');
    await env.restart();
    expect(await settled(sfn(), executionArn)).toMatchObject({ status: 'SUCCEEDED', output: '{"slept":1500}' });
    const events = await history(sfn(), executionArn);
    const failed = events.filter((e) => e.type === 'TaskFailed');
    expect(failed).toHaveLength(1);
    expect(failed[0].taskFailedEventDetails).toMatchObject({ error: 'States.TaskFailed', cause: expect.stringContaining('in flight when the keydrill runtime stopped') });
    expect(events.filter((e) => e.type === 'TaskScheduled')).toHaveLength(2);
  });
});
