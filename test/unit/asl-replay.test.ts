import { loadDefinition, runExecution, type Json } from '../../runtime/services/sfn/asl';
import { failWith, FakeHost, run, runWithRestart, types, type FakeHostOptions } from './asl-fake-host';

const TASK = 'arn:aws:states:::aws-sdk:kms:describeKey';
const FLAKY = 'arn:aws:states:::aws-sdk:kms:disableKey';

/** Every state type, a retry with FULL jitter, a Wait, a Parallel and a Map: what a restart must replay. */
const definition = {
  StartAt: 'Describe',
  States: {
    Describe: { Type: 'Task', Resource: TASK, ResultPath: '$.key', Next: 'Flaky' },
    Flaky: {
      Type: 'Task', Resource: FLAKY, ResultPath: '$.flaky',
      Retry: [{ ErrorEquals: ['Kms.KmsInternalException'], IntervalSeconds: 5, JitterStrategy: 'FULL', MaxAttempts: 2 }],
      Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Pause' }],
      Next: 'Pause',
    },
    Pause: { Type: 'Wait', Seconds: 600, Next: 'Fan' },
    Fan: {
      Type: 'Parallel', ResultPath: '$.fan', Next: 'Each',
      Branches: [
        { StartAt: 'A', States: { A: { Type: 'Task', Resource: TASK, End: true } } },
        { StartAt: 'B', States: { B: { Type: 'Wait', Seconds: 30, End: true } } },
      ],
    },
    Each: {
      Type: 'Map', ItemsPath: '$.items', ResultPath: '$.each', MaxConcurrency: 2, Next: 'Decide',
      ItemSelector: { 'n.$': '$$.Map.Item.Value', 'id.$': 'States.UUID()' },
      ItemProcessor: { StartAt: 'Item', States: { Item: { Type: 'Task', Resource: TASK, End: true } } },
    },
    Decide: { Type: 'Choice', Choices: [{ Variable: '$.key.ok', BooleanEquals: true, Next: 'Done' }], Default: 'Bad' },
    Bad: { Type: 'Fail', Error: 'Drill.Bad' },
    Done: { Type: 'Succeed' },
  },
};

const options = (): FakeHostOptions => {
  let flaky = 0;
  return {
    input: { items: [1, 2, 3] },
    handlers: {
      [TASK]: async (call, host) => {
        await host.sleep(1, call.signal);
        return { ok: true, echo: call.parameters };
      },
      [FLAKY]: () => (++flaky === 1 ? failWith('Kms.KmsInternalException')() : { disabled: true }),
    },
  };
};

/** What a log says, without the ids a second run cannot know: type, key, chain (by key) and details. */
const shape = (log: { key: string; type: string; previousEventId: number; details?: unknown }[]) =>
  log.map((e) => ({ key: e.key, type: e.type, previous: log[e.previousEventId - 1]?.key, details: e.details as Json }));

describe('a restart in the middle of an execution', () => {
  let reference: Awaited<ReturnType<typeof run>>;
  beforeAll(async () => {
    reference = await run(definition, options());
  });

  test('the reference run succeeds', () => {
    expect(reference.outcome.status).toBe('SUCCEEDED');
    expect(types(reference.host.log)).toContain('MapIterationSucceeded');
    expect(reference.host.log.length).toBeGreaterThan(48);
  });

  test.each(Array.from({ length: 12 }, (_, i) => 4 + i * 4))('after %i events: same outcome, no event rewritten, no task run twice unless interrupted', async (crashAfter) => {
    const { outcome, crashed, resumed } = await runWithRestart(definition, crashAfter, options());
    expect(outcome).toEqual(reference.outcome);
    expect(resumed.log.slice(0, crashAfter)).toEqual(crashed.log.slice(0, crashAfter));
    // Parallel branches and Map iterations may interleave differently: compare as sets of keyed events.
    const sortByKey = (log: ReturnType<typeof shape>) => [...log].sort((a, b) => a.key.localeCompare(b.key));
    expect(sortByKey(shape(resumed.log))).toEqual(sortByKey(shape(reference.host.log)));
    // A task runs again only when the crash interrupted it (started, no outcome), and then it says so.
    for (const call of resumed.calls) {
      const interrupted = crashed.recorded(`${call.key}:started`) !== undefined;
      expect(crashed.recorded(`${call.key}:outcome`)).toBeUndefined();
      expect(call.resumed).toBe(interrupted);
    }
  });
});

describe('a restart during a Wait', () => {
  const wait = { StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 600, End: true } } };

  test('the Wait keeps the deadline of its recorded entered time', async () => {
    // The crash comes right after WaitStateEntered (event 2).
    const { outcome, crashed, resumed } = await runWithRestart(wait, 2);
    expect(outcome.status).toBe('SUCCEEDED');
    const entered = crashed.log.find((e) => e.type === 'WaitStateEntered')!.timestamp.getTime();
    const exited = resumed.log.find((e) => e.type === 'WaitStateExited')!.timestamp.getTime();
    expect(exited - entered).toBe(600_000);
  });

  test('a restart after the deadline passed ends the Wait at once', async () => {
    const { crashed } = await runWithRestart(wait, 2);
    const late = new FakeHost({ log: crashed.log.slice(0, 2) });
    // The restarted runtime's clock is an hour past the Wait's deadline.
    await late.sleep(3600);
    const outcome = await runExecution(loadDefinition(JSON.stringify(wait)), late);
    expect(outcome.status).toBe('SUCCEEDED');
    const exited = late.log.find((e) => e.type === 'WaitStateExited')!.timestamp.getTime();
    expect(exited - crashed.log[0]!.timestamp.getTime()).toBe(3_600_000);
  });
});
