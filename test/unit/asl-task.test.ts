import { TaskFailure } from '../../runtime/services/sfn/asl';
import { run, types } from './asl-fake-host';

const TASK = 'arn:aws:states:::lambda:invoke';
const CALLBACK = 'arn:aws:states:::sqs:sendMessage.waitForTaskToken';
const one = (state: object) => ({ StartAt: 'T', States: { T: { Type: 'Task', End: true, ...state } } });

describe('Task details', () => {
  test('a callback task gets $$.Task.Token and records TaskSubmitted when the service says so', async () => {
    const { outcome, host } = await run(one({ Resource: CALLBACK, Parameters: { QueueUrl: 'q', MessageBody: { 'token.$': '$$.Task.Token' } }, HeartbeatSeconds: 60 }), {
      handlers: {
        [CALLBACK]: async (call, h) => {
          call.submitted({ MessageId: 'm-1' });
          await h.sleep(10, call.signal);
          return { approved: true };
        },
      },
    });
    expect(outcome).toEqual({ status: 'SUCCEEDED', output: { approved: true } });
    const call = host.calls[0]!;
    expect(call.taskToken).toBe(host.taskToken(call.key));
    expect(call.parameters).toEqual({ QueueUrl: 'q', MessageBody: { token: call.taskToken } });
    expect(call.heartbeatSeconds).toBe(60);
    expect(types(host.log)).toEqual(['ExecutionStarted', 'TaskStateEntered', 'TaskScheduled', 'TaskStarted', 'TaskSubmitted', 'TaskSucceeded', 'TaskStateExited', 'ExecutionSucceeded']);
    expect(host.log[2]!.details).toMatchObject({ resourceType: 'sqs', resource: 'sendMessage.waitForTaskToken', heartbeatInSeconds: 60 });
    expect(host.log[4]!.details).toEqual({ resourceType: 'sqs', resource: 'sendMessage.waitForTaskToken', output: '{"MessageId":"m-1"}', outputDetails: { truncated: false } });
  });

  test('a heartbeat timeout reported by the service is TaskTimedOut with States.HeartbeatTimeout, caught by States.Timeout', async () => {
    const { outcome, host } = await run(
      { StartAt: 'T', States: { T: { Type: 'Task', Resource: CALLBACK, HeartbeatSeconds: 5, Catch: [{ ErrorEquals: ['States.Timeout'], Next: 'C' }], End: true }, C: { Type: 'Succeed' } } },
      { handlers: { [CALLBACK]: () => { throw new TaskFailure('States.HeartbeatTimeout', 'no heartbeat'); } } },
    );
    expect(outcome).toEqual({ status: 'SUCCEEDED', output: { Error: 'States.HeartbeatTimeout', Cause: 'no heartbeat' } });
    expect(host.log.find((e) => e.type === 'TaskTimedOut')!.details).toEqual({ resourceType: 'sqs', resource: 'sendMessage.waitForTaskToken', error: 'States.HeartbeatTimeout', cause: 'no heartbeat' });
  });

  test('TimeoutSecondsPath, Credentials and the aws-sdk resource split reach the host and the history', async () => {
    const sdk = 'arn:aws:states:::aws-sdk:kms:disableKey';
    const { host } = await run(one({ Resource: sdk, TimeoutSecondsPath: '$.timeout', Credentials: { 'RoleArn.$': '$.role' } }), { input: { timeout: 30, role: 'arn:aws:iam::000000000000:role/drill' } });
    expect(host.calls[0]).toMatchObject({ timeoutSeconds: 30, credentials: { roleArn: 'arn:aws:iam::000000000000:role/drill' }, resumed: false });
    expect(host.log[2]!.details).toMatchObject({ resourceType: 'aws-sdk:kms', resource: 'disableKey', timeoutInSeconds: 30, taskCredentials: { roleArn: 'arn:aws:iam::000000000000:role/drill' } });
  });

  test('an error that is not a TaskFailure is States.TaskFailed with its message as cause', async () => {
    const { outcome } = await run(one({ Resource: TASK }), { handlers: { [TASK]: () => { throw new Error('socket hang up'); } } });
    expect(outcome).toEqual({ status: 'FAILED', error: 'States.TaskFailed', cause: 'socket hang up' });
  });

  test('$$.State.RetryCount counts the retries of the visit', async () => {
    let n = 0;
    const { host } = await run(one({ Resource: TASK, Parameters: { 'retry.$': '$$.State.RetryCount', 'entered.$': '$$.State.EnteredTime' }, Retry: [{ ErrorEquals: ['X'], IntervalSeconds: 1 }] }), {
      handlers: { [TASK]: () => { if (++n < 3) throw new TaskFailure('X', 'again'); return null; } },
    });
    expect(host.calls.map((c) => (c.parameters as { retry: number }).retry)).toEqual([0, 1, 2]);
    expect(new Set(host.calls.map((c) => (c.parameters as { entered: string }).entered)).size).toBe(1);
  });
});

describe('payload and history limits', () => {
  const big = 'x'.repeat(262_144);

  test('a task result over 256 KiB is States.DataLimitExceeded, which States.ALL does not catch', async () => {
    const { outcome, host } = await run(
      { StartAt: 'T', States: { T: { Type: 'Task', Resource: TASK, Catch: [{ ErrorEquals: ['States.ALL'], Next: 'C' }], End: true }, C: { Type: 'Succeed' } } },
      { handlers: { [TASK]: () => big } },
    );
    expect(outcome).toMatchObject({ status: 'FAILED', error: 'States.DataLimitExceeded' });
    expect(host.log.find((e) => e.type === 'TaskFailed')!.details).toMatchObject({ error: 'States.DataLimitExceeded' });
  });

  test('a state output over 256 KiB fails the execution', async () => {
    const { outcome } = await run({ StartAt: 'P', States: { P: { Type: 'Pass', Result: big, End: true } } });
    expect(outcome).toMatchObject({ status: 'FAILED', error: 'States.DataLimitExceeded' });
  });

  test('the history stops at 25,000 events with the execution failed', async () => {
    const { outcome, host } = await run({ StartAt: 'Loop', States: { Loop: { Type: 'Pass', Next: 'Loop' } } });
    expect(outcome).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
    expect(host.log).toHaveLength(25_000);
    expect(host.log.at(-1)!.type).toBe('ExecutionFailed');
  });
});
