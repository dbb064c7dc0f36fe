import { DefinitionError, testState } from '../../runtime/services/sfn/asl';
import { FakeHost } from './asl-fake-host';

const TASK = 'arn:aws:states:::aws-sdk:kms:describeKey';
const task = (extra: object = {}) => JSON.stringify({ Type: 'Task', Resource: TASK, Next: 'After', ...extra });

describe('TestState', () => {
  test('a mocked Task succeeds with its output, next state and DEBUG inspection data', async () => {
    const result = await testState(
      task({ InputPath: '$.in', Parameters: { 'KeyId.$': '$.id' }, ResultSelector: { 'state.$': '$.KeyMetadata.KeyState' }, ResultPath: '$.key' }),
      { input: { in: { id: 'k-1' } }, mock: { result: '{"KeyMetadata":{"KeyState":"Enabled"}}' }, inspectionLevel: 'DEBUG' },
      new FakeHost(),
    );
    expect(result).toEqual({
      status: 'SUCCEEDED',
      output: '{"in":{"id":"k-1"},"key":{"state":"Enabled"}}',
      nextState: 'After',
      inspectionData: {
        input: '{"in":{"id":"k-1"}}', afterInputPath: '{"id":"k-1"}', afterParameters: '{"KeyId":"k-1"}', result: '{"KeyMetadata":{"KeyState":"Enabled"}}',
        afterResultSelector: '{"state":"Enabled"}', afterResultPath: '{"in":{"id":"k-1"},"key":{"state":"Enabled"}}', variables: '{}',
      },
    });
  });

  test('without a mock the task goes to the host; INFO has no inspection data', async () => {
    const host = new FakeHost({ handlers: { [TASK]: () => ({ ok: 1 }) } });
    expect(await testState(task(), { input: {} }, host)).toEqual({ status: 'SUCCEEDED', output: '{"ok":1}', nextState: 'After' });
    expect(host.calls).toHaveLength(1);
  });

  test('an error a retrier would retry is RETRIABLE, once retrierRetryCount is below MaxAttempts', async () => {
    const definition = task({ Retry: [{ ErrorEquals: ['Kms.KmsInternalException'], MaxAttempts: 2 }] });
    const mock = { errorOutput: { error: 'Kms.KmsInternalException', cause: 'try again' } };
    expect(await testState(definition, { input: {}, mock }, new FakeHost())).toEqual({ status: 'RETRIABLE', error: 'Kms.KmsInternalException', cause: 'try again' });
    expect(await testState(definition, { input: {}, mock, stateConfiguration: { retrierRetryCount: 2 } }, new FakeHost())).toEqual({ status: 'FAILED', error: 'Kms.KmsInternalException', cause: 'try again' });
  });

  test('a caught error is CAUGHT_ERROR with the catcher’s next state', async () => {
    const result = await testState(task({ Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Rollback', ResultPath: '$.err' }] }), { input: { a: 1 }, mock: { errorOutput: { error: 'Kms.DisabledException', cause: 'off' } } }, new FakeHost());
    expect(result).toEqual({ status: 'CAUGHT_ERROR', error: 'Kms.DisabledException', cause: 'off', nextState: 'Rollback', output: '{"a":1,"err":{"Error":"Kms.DisabledException","Cause":"off"}}' });
  });

  test('a state of a whole machine, with variables and a context', async () => {
    const machine = JSON.stringify({
      QueryLanguage: 'JSONata', StartAt: 'A',
      States: { A: { Type: 'Pass', Next: 'B' }, B: { Type: 'Pass', Output: { v: '{% $limit %}', name: '{% $states.context.Execution.Name %}' }, Assign: { seen: true }, End: true } },
    });
    const result = await testState(machine, { input: {}, stateName: 'B', variables: { limit: 5 }, context: { Execution: { Name: 'drill-7' } }, inspectionLevel: 'DEBUG' }, new FakeHost());
    expect(result).toMatchObject({ status: 'SUCCEEDED', output: '{"v":5,"name":"drill-7"}' });
    expect(JSON.parse(result.inspectionData!.variables!)).toEqual({ limit: 5, seen: true });
  });

  test('a Wait does not wait; a Choice reports the chosen state; a Fail is FAILED', async () => {
    const host = new FakeHost();
    expect(await testState(JSON.stringify({ Type: 'Wait', Seconds: 3600, Next: 'N' }), { input: {} }, host)).toEqual({ status: 'SUCCEEDED', output: '{}', nextState: 'N' });
    expect(host.now().getTime()).toBe(new FakeHost().now().getTime());
    const choice = JSON.stringify({ Type: 'Choice', Choices: [{ Variable: '$.n', NumericEquals: 1, Next: 'One' }], Default: 'Other' });
    expect(await testState(choice, { input: { n: 1 } }, host)).toMatchObject({ status: 'SUCCEEDED', nextState: 'One' });
    expect(await testState(JSON.stringify({ Type: 'Fail', Error: 'E', Cause: 'C' }), { input: {} }, host)).toEqual({ status: 'FAILED', error: 'E', cause: 'C' });
  });
});

describe('TestState definitions', () => {
  test('an invalid state is a DefinitionError with the InvalidDefinition message', async () => {
    await expect(testState(JSON.stringify({ Type: 'Wait', Next: 'N' }), { input: {} }, new FakeHost())).rejects.toThrow(DefinitionError);
    await expect(testState('{"Type": ', { input: {} }, new FakeHost())).rejects.toThrow(/^Invalid State Machine Definition: 'INVALID_JSON_DESCRIPTION/);
  });

  test('a state name the machine does not have is a DefinitionError', async () => {
    const machine = JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Pass', End: true } } });
    await expect(testState(machine, { input: {}, stateName: 'B' }, new FakeHost())).rejects.toThrow("The state 'B' is not in the state machine definition");
  });
});
