import type { Json } from '../../runtime/services/sfn/asl';
import { failWith, run, runWithRestart, types, type FakeHostOptions } from './asl-fake-host';

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
