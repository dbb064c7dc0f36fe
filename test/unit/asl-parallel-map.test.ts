import { failWith, run, types } from './asl-fake-host';

const TASK = 'arn:aws:states:::lambda:invoke';
const SLOW = 'arn:aws:states:::aws-sdk:kms:describeKey';
const slowHandler = { [SLOW]: async (call: { signal: AbortSignal }, host: { sleep: (s: number, sig?: AbortSignal) => Promise<void> }) => (await host.sleep(60, call.signal), 'slow') };
const block = (States: object) => ({ StartAt: Object.keys(States)[0]!, States });

describe('Parallel', () => {
  test('every branch gets the input; the result is their outputs in branch order', async () => {
    const { outcome, host } = await run(
      block({
        P: {
          Type: 'Parallel', End: true, ResultSelector: { 'first.$': '$[0]', 'second.$': '$[1]' },
          Branches: [block({ A: { Type: 'Wait', Seconds: 5, Next: 'A2' }, A2: { Type: 'Pass', Result: 'a', End: true } }), block({ B: { Type: 'Pass', InputPath: '$.x', End: true } })],
        },
      }),
      { input: { x: 'b' } },
    );
    expect(outcome).toEqual({ status: 'SUCCEEDED', output: { first: 'a', second: 'b' } });
    expect(types(host.log).slice(0, 3)).toEqual(['ExecutionStarted', 'ParallelStateEntered', 'ParallelStateStarted']);
    expect(types(host.log).slice(-3)).toEqual(['ParallelStateSucceeded', 'ParallelStateExited', 'ExecutionSucceeded']);
    const started = host.log.find((e) => e.type === 'ParallelStateStarted')!;
    const branchStarts = host.log.filter((e) => e.previousEventId === started.id).map((e) => e.type);
    expect(branchStarts.sort()).toEqual(['PassStateEntered', 'WaitStateEntered']);
  });

  test('a failed branch aborts the others; the state fails with its error, which Catch can catch', async () => {
    const { outcome, host } = await run(
      block({
        P: {
          Type: 'Parallel', Next: 'Never', Catch: [{ ErrorEquals: ['Drill.Failed'], Next: 'Caught', ResultPath: '$.err' }],
          Branches: [block({ Slow: { Type: 'Task', Resource: SLOW, End: true } }), block({ W: { Type: 'Wait', Seconds: 1, Next: 'F' }, F: { Type: 'Fail', Error: 'Drill.Failed', Cause: 'boom' } })],
        },
        Never: { Type: 'Succeed' },
        Caught: { Type: 'Pass', End: true },
      }),
      { handlers: slowHandler },
    );
    expect(outcome).toEqual({ status: 'SUCCEEDED', output: { err: { Error: 'Drill.Failed', Cause: 'boom' } } });
    expect(types(host.log)).toEqual(expect.arrayContaining(['TaskStateAborted', 'ParallelStateFailed']));
    expect(types(host.log).indexOf('TaskStateAborted')).toBeLessThan(types(host.log).indexOf('ParallelStateFailed'));
    expect(host.calls[0]!.signal.aborted).toBe(true);
  });
});

describe('Map', () => {
  test('ItemsPath, ItemSelector with $$.Map.Item, results in item order, MapIteration events', async () => {
    const { outcome, host } = await run(
      block({
        M: {
          Type: 'Map', ItemsPath: '$.keys', ResultPath: '$.out', End: true, MaxConcurrency: 2,
          ItemSelector: { 'key.$': '$$.Map.Item.Value', 'index.$': '$$.Map.Item.Index', 'region.$': '$.region' },
          ItemProcessor: { ProcessorConfig: { Mode: 'INLINE' }, ...block({ T: { Type: 'Task', Resource: TASK, End: true } }) },
        },
      }),
      { input: { keys: ['k1', 'k2', 'k3'], region: 'eu' } },
    );
    expect(outcome).toEqual({
      status: 'SUCCEEDED',
      output: { keys: ['k1', 'k2', 'k3'], region: 'eu', out: [{ key: 'k1', index: 0, region: 'eu' }, { key: 'k2', index: 1, region: 'eu' }, { key: 'k3', index: 2, region: 'eu' }] },
    });
    expect(host.log.find((e) => e.type === 'MapStateStarted')!.details).toEqual({ length: 3 });
    expect(host.log.filter((e) => e.type === 'MapIterationStarted').map((e) => e.details)).toEqual([0, 1, 2].map((index) => ({ name: 'M', index })));
    expect(types(host.log).filter((t) => t === 'MapIterationSucceeded')).toHaveLength(3);
  });

  test('MaxConcurrency bounds how many iterations run at once', async () => {
    let running = 0;
    let peak = 0;
    await run(block({ M: { Type: 'Map', MaxConcurrency: 2, End: true, Iterator: block({ T: { Type: 'Task', Resource: SLOW, End: true } }) } }), {
      input: [1, 2, 3, 4, 5],
      handlers: { [SLOW]: async (call, host) => { running++; peak = Math.max(peak, running); await host.sleep(1, call.signal); running--; return null; } },
    });
    expect(peak).toBe(2);
  });

  test('the first failed iteration aborts the others and fails the state with its error', async () => {
    const { outcome, host } = await run(
      block({ M: { Type: 'Map', End: true, ItemProcessor: block({ C: { Type: 'Choice', Choices: [{ Variable: '$', NumericEquals: 2, Next: 'F' }], Default: 'T' }, T: { Type: 'Task', Resource: SLOW, End: true }, F: { Type: 'Fail', Error: 'Item.Bad' } }) } }),
      { input: [1, 2, 3], handlers: slowHandler },
    );
    expect(outcome).toMatchObject({ status: 'FAILED', error: 'Item.Bad' });
    expect(types(host.log)).toEqual(expect.arrayContaining(['MapIterationFailed', 'MapIterationAborted', 'MapStateFailed']));
  });

  test.each([
    [{ ToleratedFailureCount: 1 }, 'SUCCEEDED'], [{ ToleratedFailureCount: 0 }, 'FAILED'], [{ ToleratedFailurePercentage: 50 }, 'SUCCEEDED'], [{ ToleratedFailurePercentage: 20 }, 'FAILED'],
  ])('tolerated failures %j → %s', async (threshold, status) => {
    const { outcome } = await run(
      block({ M: { Type: 'Map', End: true, ...threshold, ItemProcessor: block({ T: { Type: 'Task', Resource: TASK, End: true } }) } }),
      { input: [1, 2, 3, 4], handlers: { [TASK]: (call) => (call.parameters === 3 ? failWith('Item.Bad', 'three')() : call.parameters) } },
    );
    expect(outcome.status).toBe(status);
    if (outcome.status === 'SUCCEEDED') expect(outcome.output).toEqual([1, 2, { Error: 'Item.Bad', Cause: 'three' }, 4]);
    else expect(outcome).toMatchObject({ error: 'States.ExceedToleratedFailureThreshold' });
  });

  test('ItemBatcher groups items by count and size with BatchInput', async () => {
    const { outcome } = await run(
      block({ M: { Type: 'Map', End: true, ItemBatcher: { MaxItemsPerBatch: 2, BatchInput: { 'tag.$': '$.tag' } }, ItemsPath: '$.items', ItemProcessor: block({ P: { Type: 'Pass', End: true } }) } }),
      { input: { tag: 't', items: [1, 2, 3] } },
    );
    expect(outcome).toEqual({ status: 'SUCCEEDED', output: [{ BatchInput: { tag: 't' }, Items: [1, 2] }, { BatchInput: { tag: 't' }, Items: [3] }] });
  });

  test('ItemsPath that is not an array is States.Runtime', async () => {
    const { outcome } = await run(block({ M: { Type: 'Map', End: true, ItemsPath: '$.x', ItemProcessor: block({ P: { Type: 'Pass', End: true } }) } }), { input: { x: 1 } });
    expect(outcome).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
  });
});
