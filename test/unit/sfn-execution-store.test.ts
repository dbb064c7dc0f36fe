import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AdjustableClock } from '../../runtime/core/clock';
import { RuntimeTimers } from '../../runtime/core/timers';
import { TaskFailure, type TaskCall } from '../../runtime/services/sfn/asl/host';
import { ExecutionStore } from '../../runtime/services/sfn/executions/execution-store';
import type { ExecutionStart } from '../../runtime/services/sfn/model';
import { TaskTokens } from '../../runtime/services/sfn/tasks/task-tokens';

const ARN = 'arn:aws:states:us-east-1:000000000000:execution:m:e';
const START: ExecutionStart = {
  executionArn: ARN,
  name: 'e',
  stateMachineArn: 'arn:aws:states:us-east-1:000000000000:stateMachine:m',
  stateMachineName: 'm',
  type: 'STANDARD',
  definition: '{}',
  roleArn: 'arn:aws:iam::000000000000:role/r',
  stateMachineUpdateDate: 0,
  input: '{}',
  startDate: 1000,
};

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'keydrill-sfn-store-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('ExecutionStore', () => {
  it('reads back what it appended: events with their ids and previous ids, the end, callback outcomes', () => {
    const store = new ExecutionStore(dir);
    const execution = store.create(START);
    execution.append({ type: 'ExecutionStarted', key: 'start', details: { input: '{}' } }, new Date(1000));
    execution.append({ type: 'PassStateEntered', key: 'p', previousKey: 'start', details: { name: 'P' } }, new Date(1001));
    execution.recordCallback('task-1', { kind: 'success', output: '{"a":1}' });
    execution.append({ type: 'ExecutionSucceeded', key: 'end', previousKey: 'p', details: { output: '1' } }, new Date(1002));
    store.close();

    const reloaded = new ExecutionStore(dir).get(ARN)!;
    expect(reloaded.start).toEqual(START);
    expect(reloaded.events.map((e) => [e.id, e.previousEventId, e.type])).toEqual([
      [1, 0, 'ExecutionStarted'],
      [2, 1, 'PassStateEntered'],
      [3, 2, 'ExecutionSucceeded'],
    ]);
    expect(reloaded.recorded('p')!.timestamp).toEqual(new Date(1001));
    expect(reloaded.end).toEqual({ status: 'SUCCEEDED', stopDate: 1002, output: '1', error: undefined, cause: undefined });
    expect(reloaded.callbackOutcome('task-1')).toEqual({ kind: 'success', output: '{"a":1}' });
  });

  it('drops a log torn before its start line was complete: that StartExecution was never acknowledged', () => {
    writeFileSync(join(dir, 'torn.log'), '{"kind":"sfn-execution","format":1}\n{"kind":"sta');
    expect(new ExecutionStore(dir).list()).toEqual([]);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('keeps EXPRESS executions in memory only', () => {
    const store = new ExecutionStore(dir);
    store.create({ ...START, type: 'EXPRESS', executionArn: `${ARN}-express` });
    expect(readdirSync(dir)).toEqual([]);
    expect(store.get(`${ARN}-express`)).toBeDefined();
  });
});

describe('TaskTokens', () => {
  const setUp = () => {
    const store = new ExecutionStore(undefined);
    const execution = store.create(START);
    const clock = new AdjustableClock();
    const timers = new RuntimeTimers(clock);
    const tokens = new TaskTokens(store, clock, timers);
    const controller = new AbortController();
    const call = (key: string, heartbeatSeconds?: number): TaskCall => ({
      key,
      resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken',
      parameters: {},
      timeoutSeconds: 99999999,
      heartbeatSeconds,
      signal: controller.signal,
      resumed: false,
      submitted: () => undefined,
    });
    return { store, execution, clock, timers, tokens, controller, call };
  };

  it('hands the delivered output to the waiting attempt, and keeps it for a replay', async () => {
    const { execution, tokens, call, timers } = setUp();
    const { outcome } = tokens.wait(execution, call('k1'));
    await tokens.deliver(tokens.token(ARN, 'k1'), { kind: 'success', output: '{"ok":true}' });
    await expect(outcome).resolves.toEqual({ ok: true });
    // A replay of the same attempt gets the outcome from the log without waiting.
    await expect(tokens.wait(execution, call('k1')).outcome).resolves.toEqual({ ok: true });
    timers.close();
  });

  it('fails the attempt with the delivered error and cause', async () => {
    const { execution, tokens, call, timers } = setUp();
    const { outcome } = tokens.wait(execution, call('k2'));
    await tokens.deliver(tokens.token(ARN, 'k2'), { kind: 'failure', error: 'Worker.Busy', cause: 'later' });
    await expect(outcome).rejects.toEqual(new TaskFailure('Worker.Busy', 'later'));
    timers.close();
  });

  it('times out with States.HeartbeatTimeout when the runtime clock passes HeartbeatSeconds; a heartbeat restarts it', async () => {
    const { execution, tokens, call, clock, timers } = setUp();
    const { outcome } = tokens.wait(execution, call('k3', 10));
    clock.advance(8_000);
    await tokens.heartbeat(tokens.token(ARN, 'k3'));
    clock.advance(8_000);
    await new Promise((r) => setImmediate(r));
    clock.advance(3_000);
    await expect(outcome).rejects.toMatchObject({ error: 'States.HeartbeatTimeout' });
    await expect(tokens.deliver(tokens.token(ARN, 'k3'), { kind: 'success', output: '{}' })).rejects.toMatchObject({ code: 'TaskTimedOut' });
    timers.close();
  });

  it('stops waiting when the attempt is aborted', async () => {
    const { execution, tokens, call, controller, timers } = setUp();
    const { outcome } = tokens.wait(execution, call('k4'));
    controller.abort(new Error('stopped'));
    await expect(outcome).rejects.toThrow('stopped');
    timers.close();
  });

  it('refuses a token that does not decode with InvalidToken', async () => {
    const { tokens, timers } = setUp();
    await expect(tokens.heartbeat('%%%')).rejects.toMatchObject({ code: 'InvalidToken' });
    timers.close();
  });
});
