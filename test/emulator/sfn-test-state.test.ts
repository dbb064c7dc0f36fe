import { CreateKeyCommand } from '@aws-sdk/client-kms';
import { TestStateCommand } from '@aws-sdk/client-sfn';
import { failure, useRuntime } from '../helpers/runtime';
import { stateMachineRole } from '../helpers/sfn';

const env = useRuntime();
const sfn = () => env.clients.sfn;

describe('TestState', () => {
  it('runs a Pass state on the input and names the next state', async () => {
    const definition = JSON.stringify({ Type: 'Pass', Parameters: { 'doubled.$': 'States.MathAdd($.n, $.n)' }, Next: 'After' });
    expect(await sfn().send(new TestStateCommand({ definition, input: '{"n":21}' }))).toMatchObject({ status: 'SUCCEEDED', output: '{"doubled":42}', nextState: 'After' });
  });

  it('runs a Task as the given role, and a mocked one without calling anything', async () => {
    const keyArn = (await env.clients.kms.send(new CreateKeyCommand({}))).KeyMetadata!.Arn!;
    const roleArn = await stateMachineRole(env.clients.iam, 'sfn-test-state', [{ Effect: 'Allow', Action: 'kms:DescribeKey', Resource: keyArn }]);
    const definition = JSON.stringify({ Type: 'Task', Resource: 'arn:aws:states:::aws-sdk:kms:describeKey', Parameters: { KeyId: keyArn }, ResultSelector: { 'state.$': '$.KeyMetadata.KeyState' }, End: true });
    expect(await sfn().send(new TestStateCommand({ definition, roleArn }))).toMatchObject({ status: 'SUCCEEDED', output: '{"state":"Enabled"}' });
    const mocked = await sfn().send(new TestStateCommand({ definition, mock: { errorOutput: { error: 'Kms.DisabledException', cause: 'disabled' } } }));
    expect(mocked).toMatchObject({ status: 'FAILED', error: 'Kms.DisabledException', cause: 'disabled' });
  });

  it('refuses a definition that is not JSON with InvalidDefinition, and input that is not JSON with InvalidExecutionInput', async () => {
    expect(await failure(sfn().send(new TestStateCommand({ definition: '{"Type":' })))).toMatchObject({ name: 'InvalidDefinition', status: 400 });
    expect(await failure(sfn().send(new TestStateCommand({ definition: '{"Type":"Pass","End":true}', input: 'nope' })))).toMatchObject({ name: 'InvalidExecutionInput', status: 400 });
    const machine = JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Pass', End: true } } });
    expect(await failure(sfn().send(new TestStateCommand({ definition: machine, stateName: 'Missing' })))).toMatchObject({ name: 'InvalidDefinition', status: 400 });
  });
});
