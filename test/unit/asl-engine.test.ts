import { failWith, run, START, types } from './asl-fake-host';

const LAMBDA_INVOKE = 'arn:aws:states:::lambda:invoke';
const machine = (States: object, StartAt = Object.keys(States)[0]!) => ({ StartAt, States });

describe('a sequential machine', () => {
  test('Pass → Task → Succeed records AWS event types with previousEventId chained', async () => {
    const { outcome, host } = await run(
      machine({
        First: { Type: 'Pass', Result: { n: 1 }, ResultPath: '$.first', Next: 'Call' },
        Call: { Type: 'Task', Resource: LAMBDA_INVOKE, Parameters: { 'n.$': '$.first.n' }, ResultPath: '$.called', Next: 'Done' },
        Done: { Type: 'Succeed' },
      }),
      { input: { a: 'x' } },
    );
    expect(outcome).toEqual({ status: 'SUCCEEDED', output: { a: 'x', first: { n: 1 }, called: { n: 1 } } });
    expect(types(host.log)).toEqual([
      'ExecutionStarted', 'PassStateEntered', 'PassStateExited', 'TaskStateEntered', 'TaskScheduled', 'TaskStarted', 'TaskSucceeded',
      'TaskStateExited', 'SucceedStateEntered', 'SucceedStateExited', 'ExecutionSucceeded',
    ]);
    expect(host.log.map((e) => e.previousEventId)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const scheduled = host.log.find((e) => e.type === 'TaskScheduled')!;
    expect(scheduled.details).toEqual({ resourceType: 'lambda', resource: 'invoke', region: 'us-east-1', parameters: '{"n":1}', timeoutInSeconds: 99999999 });
    expect(host.log[0]!.details).toEqual({ input: '{"a":"x"}', inputDetails: { truncated: false }, roleArn: host.info.roleArn });
    expect(host.log.at(-1)!.details).toEqual({ output: JSON.stringify(outcome.status === 'SUCCEEDED' && outcome.output), outputDetails: { truncated: false } });
  });

  test('a Lambda function ARN records LambdaFunction* events', async () => {
    const fn = 'arn:aws:lambda:us-east-1:000000000000:function:f';
    const { host } = await run(machine({ Call: { Type: 'Task', Resource: fn, End: true } }), { handlers: { [fn]: () => ({ ok: true }) } });
    expect(types(host.log)).toEqual(['ExecutionStarted', 'TaskStateEntered', 'LambdaFunctionScheduled', 'LambdaFunctionStarted', 'LambdaFunctionSucceeded', 'TaskStateExited', 'ExecutionSucceeded']);
    expect(host.log[2]!.details).toEqual({ resource: fn, input: '{}', inputDetails: { truncated: false }, timeoutInSeconds: 99999999 });
  });

  test('Fail ends the execution with its Error and Cause', async () => {
    const { outcome, host } = await run(machine({ Stop: { Type: 'Fail', Error: 'Drill.RolledBack', Cause: 'key disabled' } }));
    expect(outcome).toEqual({ status: 'FAILED', error: 'Drill.RolledBack', cause: 'key disabled' });
    expect(types(host.log)).toEqual(['ExecutionStarted', 'FailStateEntered', 'ExecutionFailed']);
    expect(host.log[2]!.details).toEqual({ error: 'Drill.RolledBack', cause: 'key disabled' });
  });

  test('Fail reads ErrorPath and CausePath, paths or intrinsic functions', async () => {
    const { outcome } = await run(machine({ Stop: { Type: 'Fail', ErrorPath: '$.e', CausePath: "States.Format('bad {}', $.n)" } }), { input: { e: 'Custom.Error', n: 3 } });
    expect(outcome).toEqual({ status: 'FAILED', error: 'Custom.Error', cause: 'bad 3' });
  });

  test('a missing InputPath fails the execution with States.Runtime, naming the state and its entered event', async () => {
    const { outcome } = await run(machine({ P: { Type: 'Pass', InputPath: '$.missing', End: true } }));
    expect(outcome).toEqual({
      status: 'FAILED',
      error: 'States.Runtime',
      cause: "An error occurred while executing the state 'P' (entered at the event id #2). Invalid path '$.missing' : No results for path: $['missing']",
    });
  });
});

describe('Wait', () => {
  test.each([
    ['Seconds', { Seconds: 30 }, {}, 30_000],
    ['SecondsPath', { SecondsPath: '$.s' }, { s: 45 }, 45_000],
    ['Timestamp', { Timestamp: '2026-01-01T01:00:00Z' }, {}, 3_600_000],
    ['TimestampPath', { TimestampPath: '$.t' }, { t: '2026-01-01T00:00:10.000Z' }, 10_000],
    ['a Timestamp in the past', { Timestamp: '2025-01-01T00:00:00Z' }, {}, 0],
  ])('%s waits from its entered time', async (_name, fields, input, waitedMs) => {
    const { host } = await run(machine({ W: { Type: 'Wait', ...fields, End: true } }), { input });
    const entered = host.log.find((e) => e.type === 'WaitStateEntered')!.timestamp.getTime();
    const exited = host.log.find((e) => e.type === 'WaitStateExited')!.timestamp.getTime();
    expect(exited - entered).toBe(waitedMs);
  });

  test('the host time scale shortens the wait', async () => {
    const { host } = await run(machine({ W: { Type: 'Wait', Seconds: 3600, End: true } }), { timeScale: 0.01 });
    expect(host.now().getTime() - START.getTime()).toBe(36_000);
  });

  test('a SecondsPath that is not a non-negative integer is States.Runtime', async () => {
    const { outcome } = await run(machine({ W: { Type: 'Wait', SecondsPath: '$.s', End: true } }), { input: { s: 'soon' } });
    expect(outcome).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
  });
});

describe('Choice', () => {
  const choose = (Choices: object[], extra: object = {}) =>
    machine({
      C: { Type: 'Choice', Choices, ...extra },
      Yes: { Type: 'Pass', Result: 'yes', End: true },
      No: { Type: 'Pass', Result: 'no', End: true },
    });

  test('the first matching rule wins; Default otherwise', async () => {
    const rules = [{ Variable: '$.n', NumericGreaterThan: 10, Next: 'Yes' }];
    expect((await run(choose(rules, { Default: 'No' }), { input: { n: 11 } })).outcome).toEqual({ status: 'SUCCEEDED', output: 'yes' });
    expect((await run(choose(rules, { Default: 'No' }), { input: { n: 1 } })).outcome).toEqual({ status: 'SUCCEEDED', output: 'no' });
  });

  test('no match and no Default is States.NoChoiceMatched', async () => {
    const { outcome, host } = await run(choose([{ Variable: '$.n', NumericEquals: 1, Next: 'Yes' }, { Variable: '$.n', NumericEquals: 0, Next: 'No' }]), { input: { n: 2 } });
    expect(outcome).toMatchObject({ status: 'FAILED', error: 'States.NoChoiceMatched' });
    expect(types(host.log)).toEqual(['ExecutionStarted', 'ChoiceStateEntered', 'ExecutionFailed']);
  });
});

describe('Retry and Catch', () => {
  test('a retried task is scheduled again after IntervalSeconds × BackoffRate^n', async () => {
    let calls = 0;
    const { outcome, host } = await run(
      machine({ T: { Type: 'Task', Resource: LAMBDA_INVOKE, Retry: [{ ErrorEquals: ['Kms.KmsInternalException'], IntervalSeconds: 2, BackoffRate: 3 }], End: true } }),
      { handlers: { [LAMBDA_INVOKE]: () => (++calls < 3 ? failWith('Kms.KmsInternalException')() : { ok: calls }) } },
    );
    expect(outcome).toEqual({ status: 'SUCCEEDED', output: { ok: 3 } });
    const scheduled = host.log.filter((e) => e.type === 'TaskScheduled').map((e) => e.timestamp.getTime() - START.getTime());
    expect(scheduled).toEqual([0, 2000, 8000]);
    expect(types(host.log).filter((t) => t === 'TaskStateEntered')).toHaveLength(1);
  });

  test('a retrier with MaxAttempts 0 never retries; the catcher gets {Error, Cause} at its ResultPath', async () => {
    const { outcome, host } = await run(
      machine({
        T: {
          Type: 'Task', Resource: LAMBDA_INVOKE,
          Retry: [{ ErrorEquals: ['States.ALL'], MaxAttempts: 0 }],
          Catch: [{ ErrorEquals: ['States.TaskFailed'], ResultPath: '$.error', Next: 'Recover' }],
          Next: 'Never',
        },
        Never: { Type: 'Fail', Error: 'unreachable' },
        Recover: { Type: 'Pass', End: true },
      }),
      { input: { k: 1 }, handlers: { [LAMBDA_INVOKE]: failWith('Kms.DisabledException', 'key is disabled') } },
    );
    expect(outcome).toEqual({ status: 'SUCCEEDED', output: { k: 1, error: { Error: 'Kms.DisabledException', Cause: 'key is disabled' } } });
    expect(host.calls).toHaveLength(1);
    expect(types(host.log)).toContain('TaskStateExited');
  });

  test('a task that outlives TimeoutSeconds times out with States.Timeout', async () => {
    const { outcome, host } = await run(machine({ T: { Type: 'Task', Resource: LAMBDA_INVOKE, TimeoutSeconds: 5, End: true } }), {
      handlers: { [LAMBDA_INVOKE]: async (call, h) => (await h.sleep(60, call.signal), {}) },
    });
    expect(outcome).toEqual({ status: 'FAILED', error: 'States.Timeout' });
    expect(types(host.log)).toContain('TaskTimedOut');
    expect(host.calls[0]!.signal.aborted).toBe(true);
  });

  test('States.Runtime is neither retried nor caught', async () => {
    const { outcome } = await run(
      machine({
        T: { Type: 'Task', Resource: LAMBDA_INVOKE, Parameters: { 'x.$': '$.nope' }, Retry: [{ ErrorEquals: ['States.ALL'] }], Catch: [{ ErrorEquals: ['States.ALL'], Next: 'C' }], End: true },
        C: { Type: 'Succeed' },
      }),
    );
    expect(outcome).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
  });
});

describe('top-level TimeoutSeconds and StopExecution', () => {
  test('an execution that runs past TimeoutSeconds is TIMED_OUT', async () => {
    const { outcome, host } = await run({ TimeoutSeconds: 10, ...machine({ W: { Type: 'Wait', Seconds: 60, End: true } }) });
    expect(outcome).toEqual({ status: 'TIMED_OUT', error: 'States.Timeout' });
    expect(types(host.log)).toEqual(['ExecutionStarted', 'WaitStateEntered', 'WaitStateAborted', 'ExecutionTimedOut']);
  });

  test('a stopped execution records the aborted state and ExecutionAborted with the stop reason', async () => {
    const { outcome, host } = await run(machine({ T: { Type: 'Task', Resource: LAMBDA_INVOKE, End: true } }), {
      handlers: { [LAMBDA_INVOKE]: async (call, h) => (h.stop('Drill.Cancelled', 'by the operator'), await h.sleep(60, call.signal), {}) },
    });
    expect(outcome).toEqual({ status: 'ABORTED', error: 'Drill.Cancelled', cause: 'by the operator' });
    expect(types(host.log).slice(-2)).toEqual(['TaskStateAborted', 'ExecutionAborted']);
  });
});
