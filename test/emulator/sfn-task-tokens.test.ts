import { CreateQueueCommand, DeleteMessageCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { DescribeExecutionCommand, SendTaskFailureCommand, SendTaskHeartbeatCommand, SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import { control } from '../helpers/control-plane';
import { failure, useRuntime } from '../helpers/runtime';
import { createMachine, eventOf, history, settled, start, stateMachineRole } from '../helpers/sfn';

const env = useRuntime();
const sfn = () => env.clients.sfn;
let queueUrl: string;
let machineArn: string;

/** A task that sends its token to a queue and waits for a worker to answer with SendTask*. */
const callbackMachine = (url: string) => ({
  StartAt: 'AskWorker',
  States: {
    AskWorker: {
      Type: 'Task',
      Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken',
      Parameters: { QueueUrl: url, MessageBody: { 'token.$': '$$.Task.Token' } },
      HeartbeatSeconds: 60,
      End: true,
    },
  },
});

/** The token the execution's task sent to the queue (the message deleted: advancing the clock would make it visible again). */
async function tokenFromQueue(): Promise<string> {
  for (;;) {
    const { Messages } = await env.clients.sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 1 }));
    if (Messages?.length) {
      await env.clients.sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: Messages[0].ReceiptHandle }));
      return JSON.parse(Messages[0].Body!).token;
    }
  }
}

beforeAll(async () => {
  queueUrl = (await env.clients.sqs.send(new CreateQueueCommand({ QueueName: 'sfn-workers' }))).QueueUrl!;
  const queueArn = `arn:aws:sqs:${env.runtime.region}:${env.runtime.account}:sfn-workers`;
  const roleArn = await stateMachineRole(env.clients.iam, 'sfn-callback-role', [{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: queueArn }]);
  machineArn = await createMachine(sfn(), 'callback', callbackMachine(queueUrl), roleArn);
});

describe('.waitForTaskToken', () => {
  it('SendTaskSuccess ends the task with the output the worker sent', async () => {
    const executionArn = await start(sfn(), machineArn, {});
    const taskToken = await tokenFromQueue();
    expect((await sfn().send(new DescribeExecutionCommand({ executionArn }))).status).toBe('RUNNING');
    await sfn().send(new SendTaskHeartbeatCommand({ taskToken }));
    await sfn().send(new SendTaskSuccessCommand({ taskToken, output: '{"rotated":true}' }));
    expect(await settled(sfn(), executionArn)).toMatchObject({ status: 'SUCCEEDED', output: '{"rotated":true}' });
    // The attempt is over: its token names nothing that waits any more.
    expect(await failure(sfn().send(new SendTaskSuccessCommand({ taskToken, output: '{}' })))).toMatchObject({ name: 'TaskTimedOut', status: 400 });
    expect((await history(sfn(), executionArn)).map((e) => e.type)).toContain('TaskSucceeded');
  });

  it('SendTaskFailure fails the task with the worker\'s error and cause', async () => {
    const executionArn = await start(sfn(), machineArn, {});
    const taskToken = await tokenFromQueue();
    await sfn().send(new SendTaskFailureCommand({ taskToken, error: 'Worker.KeyBusy', cause: 'try later' }));
    expect(await settled(sfn(), executionArn)).toMatchObject({ status: 'FAILED', error: 'Worker.KeyBusy', cause: 'try later' });
  });

  it('times the task out with States.HeartbeatTimeout once the clock passes HeartbeatSeconds without a heartbeat', async () => {
    const executionArn = await start(sfn(), machineArn, {});
    await tokenFromQueue();
    await control(env.runtime, 'clock', { method: 'POST', body: { advanceSeconds: 61 } });
    expect(await settled(sfn(), executionArn)).toMatchObject({ status: 'FAILED', error: 'States.HeartbeatTimeout' });
  });

  it('refuses output that is not JSON with InvalidOutput, and leaves the task waiting', async () => {
    const executionArn = await start(sfn(), machineArn, {});
    const taskToken = await tokenFromQueue();
    expect(await failure(sfn().send(new SendTaskSuccessCommand({ taskToken, output: 'not json' })))).toMatchObject({ name: 'InvalidOutput', status: 400 });
    await eventOf(sfn(), executionArn, 'TaskStarted');
    expect((await sfn().send(new DescribeExecutionCommand({ executionArn }))).status).toBe('RUNNING');
    await sfn().send(new SendTaskSuccessCommand({ taskToken, output: '{}' }));
    expect((await settled(sfn(), executionArn)).status).toBe('SUCCEEDED');
  });

  it('refuses a token it never issued with InvalidToken, and one of no execution with TaskDoesNotExist', async () => {
    expect(await failure(sfn().send(new SendTaskHeartbeatCommand({ taskToken: 'garbage' })))).toMatchObject({ name: 'InvalidToken', status: 400 });
    const orphan = Buffer.from(JSON.stringify([`arn:aws:states:${env.runtime.region}:${env.runtime.account}:execution:callback:none`, 'k'])).toString('base64url');
    expect(await failure(sfn().send(new SendTaskSuccessCommand({ taskToken: orphan, output: '{}' })))).toMatchObject({ name: 'TaskDoesNotExist', status: 400 });
  });
});
