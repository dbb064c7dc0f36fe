import {
  DescribeExecutionCommand,
  DescribeStateMachineForExecutionCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  StartExecutionCommand,
  StartSyncExecutionCommand,
  StopExecutionCommand,
  UpdateStateMachineCommand,
} from '@aws-sdk/client-sfn';
import { control } from '../helpers/control-plane';
import { failure, useRuntime } from '../helpers/runtime';
import { createMachine, eventOf, history, settled, start, stateMachineRole } from '../helpers/sfn';

const env = useRuntime();
const sfn = () => env.clients.sfn;
let roleArn: string;
let passArn: string;
let waitArn: string;

const PASS = { StartAt: 'First', States: { First: { Type: 'Pass', Result: { done: true }, Next: 'Last' }, Last: { Type: 'Succeed' } } };
const WAIT = { StartAt: 'Pause', States: { Pause: { Type: 'Wait', Seconds: 3600, End: true } } };

beforeAll(async () => {
  roleArn = await stateMachineRole(env.clients.iam, 'sfn-executions-role');
  passArn = await createMachine(sfn(), 'pass', PASS, roleArn);
  waitArn = await createMachine(sfn(), 'wait-an-hour', WAIT, roleArn);
});

describe('StartExecution', () => {
  describe('validations', () => {
    it('refuses input that is not JSON with InvalidExecutionInput', async () => {
      const result = await failure(sfn().send(new StartExecutionCommand({ stateMachineArn: passArn, input: '{"a":' })));
      expect(result).toMatchObject({ name: 'InvalidExecutionInput', status: 400 });
      expect(result.message).toMatch(/^Invalid State Machine Execution Input: '/);
    });

    it('refuses input over 256 KiB of UTF-8', async () => {
      const input = JSON.stringify({ text: 'é'.repeat(140_000) });
      expect(await failure(sfn().send(new StartExecutionCommand({ stateMachineArn: passArn, input })))).toMatchObject({ name: 'ValidationException', status: 400 });
    });

    it.each(['a b', 'semi;colon', 'slash/y'])('refuses the execution name %j with InvalidName', async (name) => {
      expect(await failure(sfn().send(new StartExecutionCommand({ stateMachineArn: passArn, name })))).toEqual({ name: 'InvalidName', status: 400, message: `Invalid Name: '${name}'` });
    });

    it('refuses an unknown state machine with StateMachineDoesNotExist', async () => {
      const stateMachineArn = passArn.replace(':pass', ':absent');
      expect(await failure(sfn().send(new StartExecutionCommand({ stateMachineArn })))).toMatchObject({ name: 'StateMachineDoesNotExist' });
    });
  });

  describe('functionality', () => {
    it('runs to SUCCEEDED and DescribeExecution shows input, output and dates', async () => {
      const executionArn = await start(sfn(), passArn, { n: 1 }, 'described-run');
      expect(executionArn).toBe(`arn:aws:states:${env.runtime.region}:${env.runtime.account}:execution:pass:described-run`);
      const execution = await settled(sfn(), executionArn);
      expect(execution).toMatchObject({ status: 'SUCCEEDED', name: 'described-run', stateMachineArn: passArn, input: '{"n":1}', output: '{"done":true}' });
      expect(execution.stopDate!.getTime()).toBeGreaterThanOrEqual(execution.startDate!.getTime());
    });

    it('records a history whose events chain by previousEventId, from ExecutionStarted to ExecutionSucceeded', async () => {
      const executionArn = await start(sfn(), passArn, {});
      await settled(sfn(), executionArn);
      const events = await history(sfn(), executionArn);
      expect(events[0]).toMatchObject({ id: 1, previousEventId: 0, type: 'ExecutionStarted' });
      expect(events[0].executionStartedEventDetails).toMatchObject({ input: '{}', roleArn });
      expect(events.at(-1)).toMatchObject({ type: 'ExecutionSucceeded', executionSucceededEventDetails: { output: '{"done":true}' } });
      expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['PassStateEntered', 'PassStateExited', 'SucceedStateEntered']));
      expect(events.find((e) => e.type === 'PassStateEntered')!.stateEnteredEventDetails).toMatchObject({ name: 'First' });
      for (const [i, event] of events.entries()) {
        expect(event.id).toBe(i + 1);
        if (i > 0) expect(event.previousEventId).toBeLessThan(event.id!);
      }
    });

    it('is idempotent by name and input while the execution runs; other input is ExecutionAlreadyExists', async () => {
      const first = await sfn().send(new StartExecutionCommand({ stateMachineArn: waitArn, name: 'twice', input: '{"a":1}' }));
      const second = await sfn().send(new StartExecutionCommand({ stateMachineArn: waitArn, name: 'twice', input: '{"a":1}' }));
      expect(second).toMatchObject({ executionArn: first.executionArn, startDate: first.startDate });
      expect(await failure(sfn().send(new StartExecutionCommand({ stateMachineArn: waitArn, name: 'twice', input: '{"a":2}' })))).toEqual({
        name: 'ExecutionAlreadyExists',
        status: 400,
        message: `Execution Already Exists: '${first.executionArn}'`,
      });
      await sfn().send(new StopExecutionCommand({ executionArn: first.executionArn }));
    });

    it('refuses the name of an ended execution with ExecutionAlreadyExists', async () => {
      const executionArn = await start(sfn(), passArn, {}, 'once-only');
      await settled(sfn(), executionArn);
      expect(await failure(sfn().send(new StartExecutionCommand({ stateMachineArn: passArn, name: 'once-only' })))).toMatchObject({ name: 'ExecutionAlreadyExists' });
    });

    it('keeps the definition it started with for DescribeStateMachineForExecution', async () => {
      const machine = await createMachine(sfn(), 'changing', WAIT, roleArn);
      const executionArn = await start(sfn(), machine, {});
      await sfn().send(new UpdateStateMachineCommand({ stateMachineArn: machine, definition: JSON.stringify(PASS) }));
      const described = await sfn().send(new DescribeStateMachineForExecutionCommand({ executionArn }));
      expect(JSON.parse(described.definition!)).toEqual(WAIT);
      await sfn().send(new StopExecutionCommand({ executionArn }));
    });
  });
});

describe('Wait on the runtime clock', () => {
  it('an hour-long Wait ends when the clock is advanced past it', async () => {
    const executionArn = await start(sfn(), waitArn, {});
    await eventOf(sfn(), executionArn, 'WaitStateEntered');
    expect((await sfn().send(new DescribeExecutionCommand({ executionArn }))).status).toBe('RUNNING');
    await control(env.runtime, 'clock', { method: 'POST', body: { advanceSeconds: 3601 } });
    expect((await settled(sfn(), executionArn)).status).toBe('SUCCEEDED');
  });
});

describe('StopExecution', () => {
  it('aborts a running execution with the given error and cause', async () => {
    const executionArn = await start(sfn(), waitArn, {});
    await eventOf(sfn(), executionArn, 'WaitStateEntered');
    const { stopDate } = await sfn().send(new StopExecutionCommand({ executionArn, error: 'Drill.Cancelled', cause: 'operator' }));
    const execution = await sfn().send(new DescribeExecutionCommand({ executionArn }));
    expect(execution).toMatchObject({ status: 'ABORTED', error: 'Drill.Cancelled', cause: 'operator', stopDate });
    expect((await history(sfn(), executionArn)).at(-1)).toMatchObject({ type: 'ExecutionAborted', executionAbortedEventDetails: { error: 'Drill.Cancelled', cause: 'operator' } });
  });

  it('refuses an unknown execution with ExecutionDoesNotExist', async () => {
    const executionArn = `arn:aws:states:${env.runtime.region}:${env.runtime.account}:execution:pass:never-started`;
    expect(await failure(sfn().send(new StopExecutionCommand({ executionArn })))).toEqual({ name: 'ExecutionDoesNotExist', status: 400, message: `Execution Does Not Exist: '${executionArn}'` });
  });
});

describe('ListExecutions', () => {
  it('filters by status and pages newest first', async () => {
    const machine = await createMachine(sfn(), 'listed', PASS, roleArn);
    const arns = [];
    for (const name of ['one', 'two', 'three']) {
      arns.push(await start(sfn(), machine, {}, name));
      await settled(sfn(), arns.at(-1)!);
    }
    const first = await sfn().send(new ListExecutionsCommand({ stateMachineArn: machine, statusFilter: 'SUCCEEDED', maxResults: 2 }));
    expect(first.executions!.map((e) => e.name)).toHaveLength(2);
    const second = await sfn().send(new ListExecutionsCommand({ stateMachineArn: machine, statusFilter: 'SUCCEEDED', maxResults: 2, nextToken: first.nextToken }));
    expect([...first.executions!, ...second.executions!].map((e) => e.executionArn).sort()).toEqual([...arns].sort());
    expect((await sfn().send(new ListExecutionsCommand({ stateMachineArn: machine, statusFilter: 'RUNNING' }))).executions).toEqual([]);
  });
});

describe('GetExecutionHistory', () => {
  it('pages in either order and leaves payloads out when includeExecutionData is false', async () => {
    const executionArn = await start(sfn(), passArn, { secret: 1 });
    await settled(sfn(), executionArn);
    const all = await history(sfn(), executionArn);
    const ids: number[] = [];
    let nextToken: string | undefined;
    do {
      const page = await sfn().send(new GetExecutionHistoryCommand({ executionArn, maxResults: 2, reverseOrder: true, nextToken }));
      ids.push(...page.events!.map((e) => e.id!));
      nextToken = page.nextToken;
    } while (nextToken);
    expect(ids).toEqual(all.map((e) => e.id!).reverse());
    const lean = await sfn().send(new GetExecutionHistoryCommand({ executionArn, includeExecutionData: false }));
    expect(lean.events![0].executionStartedEventDetails).toEqual({ roleArn });
    expect(await failure(sfn().send(new GetExecutionHistoryCommand({ executionArn, nextToken: 'bm90LWEtdG9rZW4=' })))).toMatchObject({ name: 'InvalidToken' });
  });
});

describe('StartSyncExecution', () => {
  it('runs an EXPRESS machine to its end and answers with the output', async () => {
    const machine = await createMachine(sfn(), 'express-pass', PASS, roleArn, 'EXPRESS');
    const result = await sfn().send(new StartSyncExecutionCommand({ stateMachineArn: machine, input: '{}' }));
    expect(result).toMatchObject({ status: 'SUCCEEDED', output: '{"done":true}', stateMachineArn: machine });
    expect(result.executionArn).toMatch(/:express:express-pass:/);
  });

  it('refuses a STANDARD machine with StateMachineTypeNotSupported', async () => {
    expect(await failure(sfn().send(new StartSyncExecutionCommand({ stateMachineArn: passArn })))).toMatchObject({ name: 'StateMachineTypeNotSupported', status: 400 });
  });
});
