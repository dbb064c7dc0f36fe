import type { Json } from '../../runtime/services/sfn/asl';
import { failWith, run, types } from './asl-fake-host';

const TASK = 'arn:aws:states:::lambda:invoke';
const jsonata = (States: object, extra: object = {}) => ({ QueryLanguage: 'JSONata', StartAt: Object.keys(States)[0]!, States, ...extra });

describe('JSONata states', () => {
  test('Arguments and Output see $states.input, $states.result and $states.context', async () => {
    const { outcome, host } = await run(
      jsonata({
        T: {
          Type: 'Task', Resource: TASK, End: true,
          Arguments: { FunctionName: 'f', Payload: { 'key.$ignored': 1, id: '{% $states.input.id %}', name: '{% $states.context.Execution.Name %}', sum: '{% $sum($states.input.n) %}' } },
          Output: { got: '{% $states.result.Payload %}', state: '{% $states.context.State.Name %}' },
        },
      }),
      { input: { id: 'k-1', n: [1, 2, 3] }, handlers: { [TASK]: (call) => ({ Payload: (call.parameters as { Payload: Json }).Payload }) } },
    );
    expect(host.calls[0]!.parameters).toEqual({ FunctionName: 'f', Payload: { 'key.$ignored': 1, id: 'k-1', name: 'run-1', sum: 6 } });
    expect(outcome).toEqual({ status: 'SUCCEEDED', output: { got: { 'key.$ignored': 1, id: 'k-1', name: 'run-1', sum: 6 }, state: 'T' } });
  });

  test('QueryLanguage per state overrides the machine', async () => {
    const { outcome } = await run({
      StartAt: 'A',
      States: {
        A: { Type: 'Pass', Parameters: { 'v.$': '$.x' }, Next: 'B' },
        B: { Type: 'Pass', QueryLanguage: 'JSONata', Output: '{% $states.input.v * 2 %}', End: true },
      },
    }, { input: { x: 21 } });
    expect(outcome).toEqual({ status: 'SUCCEEDED', output: 42 });
  });

  test('Choice Condition, with a rule of its own Output', async () => {
    const definition = jsonata({
      C: { Type: 'Choice', Choices: [{ Condition: '{% $states.input.n > 10 %}', Next: 'Big', Output: { size: 'big' } }], Default: 'Small' },
      Big: { Type: 'Succeed' },
      Small: { Type: 'Succeed', Output: { size: 'small' } },
    });
    expect((await run(definition, { input: { n: 11 } })).outcome).toEqual({ status: 'SUCCEEDED', output: { size: 'big' } });
    expect((await run(definition, { input: { n: 1 } })).outcome).toEqual({ status: 'SUCCEEDED', output: { size: 'small' } });
  });

  test('a Condition that is not a boolean is States.QueryEvaluationError', async () => {
    const { outcome } = await run(jsonata({ C: { Type: 'Choice', Choices: [{ Condition: '{% $states.input.n %}', Next: 'D' }], Default: 'D' }, D: { Type: 'Succeed' } }), { input: { n: 1 } });
    expect(outcome).toMatchObject({ status: 'FAILED', error: 'States.QueryEvaluationError' });
  });

  test('Wait Seconds as an expression; Fail Error and Cause as expressions', async () => {
    const { outcome, host } = await run(
      jsonata({ W: { Type: 'Wait', Seconds: '{% $states.input.s %}', Next: 'F' }, F: { Type: 'Fail', Error: '{% "Drill." & $states.input.kind %}', Cause: '{% $string($states.input.s) %}' } }),
      { input: { s: 7, kind: 'Late' } },
    );
    expect(outcome).toEqual({ status: 'FAILED', error: 'Drill.Late', cause: '7' });
    expect(host.log.find((e) => e.type === 'WaitStateExited')!.timestamp.getTime() - host.log.find((e) => e.type === 'WaitStateEntered')!.timestamp.getTime()).toBe(7000);
  });

  test('an expression that yields nothing, or throws, is States.QueryEvaluationError and can be caught', async () => {
    const { outcome } = await run(
      jsonata({
        T: { Type: 'Task', Resource: TASK, Output: '{% $states.result.nothing %}', Catch: [{ ErrorEquals: ['States.QueryEvaluationError'], Next: 'C', Output: '{% $states.errorOutput.Error %}' }], End: true },
        C: { Type: 'Succeed' },
      }),
    );
    expect(outcome).toEqual({ status: 'SUCCEEDED', output: 'States.QueryEvaluationError' });
  });

  test("Step Functions' extra functions; $eval is disabled", async () => {
    const { outcome } = await run(
      jsonata({
        P: {
          Type: 'Pass', End: true,
          Output: {
            partition: '{% $partition([1,2,3,4,5], 2) %}', range: '{% $range(0, 6, 3) %}', hash: '{% $hash("abc", "SHA-1") %}',
            parse: '{% $parse("{\\"a\\":[1]}") %}', uuid: '{% $length($uuid()) %}', random: '{% $random() < 1 %}', seeded: '{% $random(7) = $random(7) %}',
          },
        },
      }),
    );
    expect(outcome).toEqual({
      status: 'SUCCEEDED',
      output: { partition: [[1, 2], [3, 4], [5]], range: [0, 3, 6], hash: 'a9993e364706816aba3e25717850c26c9cd0d89d', parse: { a: [1] }, uuid: 36, random: true, seeded: true },
    });
    const evaluated = await run(jsonata({ P: { Type: 'Pass', End: true, Output: '{% $eval("1 + 1") %}' } }));
    expect(evaluated.outcome).toMatchObject({ status: 'FAILED', error: 'States.QueryEvaluationError' });
  });

  test('Map with Items and an ItemSelector over $states.context.Map.Item', async () => {
    const { outcome } = await run(
      jsonata({
        M: {
          Type: 'Map', End: true, Items: '{% $states.input.list %}',
          ItemSelector: { v: '{% $states.context.Map.Item.Value %}', i: '{% $states.context.Map.Item.Index %}' },
          ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', Output: '{% $states.input.v * 10 + $states.input.i %}', End: true } } },
        },
      }),
      { input: { list: [1, 2] } },
    );
    expect(outcome).toEqual({ status: 'SUCCEEDED', output: [10, 21] });
  });
});

describe('Variables', () => {
  test('Assign in JSONata: Output of the same state sees the old value, the next state the new one', async () => {
    const { outcome, host } = await run(
      jsonata({
        A: { Type: 'Pass', Assign: { count: 1 }, Next: 'B' },
        B: { Type: 'Pass', Assign: { count: '{% $count + 1 %}' }, Output: { seen: '{% $count %}' }, Next: 'C' },
        C: { Type: 'Pass', Output: { before: '{% $states.input.seen %}', now: '{% $count %}' }, End: true },
      }),
    );
    expect(outcome).toEqual({ status: 'SUCCEEDED', output: { before: 1, now: 2 } });
    const exited = host.log.filter((e) => e.type === 'PassStateExited').map((e) => (e.details as { assignedVariables?: object }).assignedVariables);
    expect(exited).toEqual([{ count: '1' }, { count: '2' }, undefined]);
  });

  test('Assign in JSONPath reads the result after ResultSelector; $var in paths', async () => {
    const { outcome } = await run(
      {
        StartAt: 'T',
        States: {
          T: { Type: 'Task', Resource: TASK, ResultSelector: { 'id.$': '$.KeyId' }, Assign: { 'keyId.$': '$.id', fixed: 'x' }, ResultPath: null, Next: 'P' },
          P: { Type: 'Pass', Parameters: { 'key.$': '$keyId', 'fixed.$': '$fixed' }, End: true },
        },
      },
      { handlers: { [TASK]: () => ({ KeyId: 'k-9' }) } },
    );
    expect(outcome).toEqual({ status: 'SUCCEEDED', output: { key: 'k-9', fixed: 'x' } });
  });

  test('a Map iteration reads outer variables but may not assign them; its own do not leak out', async () => {
    const reads = await run(
      jsonata({
        A: { Type: 'Pass', Assign: { factor: 3 }, Next: 'M' },
        M: { Type: 'Map', Items: [1, 2], Next: 'After', ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', Assign: { inner: 1 }, Output: '{% $states.input * $factor %}', End: true } } } },
        After: { Type: 'Pass', Output: { out: '{% $states.input %}', inner: '{% $exists($inner) %}' }, End: true },
      }),
    );
    expect(reads.outcome).toEqual({ status: 'SUCCEEDED', output: { out: [3, 6], inner: false } });
    const writes = await run(
      jsonata({
        A: { Type: 'Pass', Assign: { factor: 3 }, Next: 'M' },
        M: { Type: 'Map', Items: [1], End: true, ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', Assign: { factor: 4 }, End: true } } } },
      }),
    );
    expect(writes.outcome).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
  });

  test('a Catch can assign in JSONPath, with $ the error output', async () => {
    const { outcome, host } = await run(
      {
        StartAt: 'T',
        States: {
          T: { Type: 'Task', Resource: TASK, Catch: [{ ErrorEquals: ['States.ALL'], Assign: { 'why.$': '$.Cause' }, ResultPath: null, Next: 'P' }], End: true },
          P: { Type: 'Pass', Parameters: { 'why.$': '$why' }, End: true },
        },
      },
      { handlers: { [TASK]: failWith('Kms.DisabledException', 'disabled') } },
    );
    expect(outcome).toEqual({ status: 'SUCCEEDED', output: { why: 'disabled' } });
    expect(types(host.log)).toContain('TaskFailed');
  });
});
