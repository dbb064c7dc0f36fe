import type { Json } from '../../runtime/services/sfn/asl';
import { run, START } from './asl-fake-host';

const TASK = 'arn:aws:states:::lambda:invoke';
const input = { id: 'k-1', nested: { a: 1, list: [1, 2, 3] }, keep: true };

describe('JSONPath input and output processing of a Task (the result is {"r": 1, "meta": {"m": "x"}})', () => {
  test.each<[string, object, Json]>([
    ['no fields: the result replaces the input', {}, { r: 1, meta: { m: 'x' } }],
    ['ResultPath null keeps the input', { ResultPath: null }, input],
    ['ResultPath into the input', { ResultPath: '$.nested.out' }, { ...input, nested: { ...input.nested, out: { r: 1, meta: { m: 'x' } } } }],
    ['ResultSelector then ResultPath', { ResultSelector: { 'm.$': '$.meta.m', fixed: 2 }, ResultPath: '$.sel' }, { ...input, sel: { m: 'x', fixed: 2 } }],
    ['OutputPath after ResultPath', { ResultPath: '$.res', OutputPath: '$.res.meta' }, { m: 'x' }],
    ['OutputPath null is {}', { OutputPath: null }, {}],
    ['ResultSelector with an intrinsic over the result', { ResultSelector: { 'both.$': "States.Format('{}-{}', $.r, $.meta.m)" } }, { both: '1-x' }],
  ])('%s', async (_name, fields, expected) => {
    const { outcome } = await run({ StartAt: 'T', States: { T: { Type: 'Task', Resource: TASK, End: true, ...fields } } }, { input, handlers: { [TASK]: () => ({ r: 1, meta: { m: 'x' } }) } });
    expect(outcome).toEqual({ status: 'SUCCEEDED', output: expected });
  });

  test.each<[string, object, Json]>([
    ['InputPath selects the effective input', { InputPath: '$.nested' }, input.nested],
    ['InputPath null gives {}', { InputPath: null }, {}],
    ['Parameters over the effective input, with the Context object', { InputPath: '$.nested', Parameters: { 'a.$': '$.a', 'exec.$': '$$.Execution.Name', 'sm.$': '$$.StateMachine.Name', 'entered.$': '$$.State.EnteredTime' } }, { a: 1, exec: 'run-1', sm: 'machine', entered: START.toISOString() }],
    ['Parameters with an indefinite path yields a list', { Parameters: { 'evens.$': '$.nested.list[?(@ > 1)]' } }, { evens: [2, 3] }],
    ['$$.Execution.Input is the execution input', { Parameters: { 'input.$': '$$.Execution.Input.id', 'role.$': '$$.Execution.RoleArn', 'id.$': '$$.Execution.Id' } }, { input: 'k-1', role: 'arn:aws:iam::000000000000:role/machine-role', id: 'arn:aws:states:us-east-1:000000000000:execution:machine:run-1' }],
  ])('%s (what the task is called with)', async (_name, fields, expected) => {
    const { host } = await run({ StartAt: 'T', States: { T: { Type: 'Task', Resource: TASK, End: true, ...fields } } }, { input });
    expect(host.calls[0]!.parameters).toEqual(expected);
  });

  test('a ResultPath through a value that is not an object is States.ResultPathMatchFailure, which Catch can catch', async () => {
    const { outcome } = await run(
      { StartAt: 'T', States: { T: { Type: 'Task', Resource: TASK, ResultPath: '$.id.x', Catch: [{ ErrorEquals: ['States.ResultPathMatchFailure'], Next: 'C', ResultPath: null }], End: true }, C: { Type: 'Succeed' } } },
      { input },
    );
    expect(outcome).toEqual({ status: 'SUCCEEDED', output: input });
  });
});

describe('Pass', () => {
  test.each<[string, object, Json]>([
    ['passes its input', {}, input],
    ['Result at ResultPath', { Result: { x: 1 }, ResultPath: '$.res' }, { ...input, res: { x: 1 } }],
    ['Parameters become the result', { Parameters: { 'id.$': '$.id', static: [1, { 'n.$': '$.nested.a' }] } }, { id: 'k-1', static: [1, { n: 1 }] }],
    ['InputPath, Parameters, ResultPath, OutputPath in order', { InputPath: '$.nested', Parameters: { 'a.$': '$.a' }, ResultPath: '$.p', OutputPath: '$.p' }, { a: 1 }],
  ])('%s', async (_name, fields, expected) => {
    const { outcome } = await run({ StartAt: 'P', States: { P: { Type: 'Pass', End: true, ...fields } } }, { input });
    expect(outcome).toEqual({ status: 'SUCCEEDED', output: expected });
  });
});
