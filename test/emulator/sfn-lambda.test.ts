import type { CfnTemplate } from '../../runtime/bootstrap/template';
import { fixtureFunction, lambdaRole } from '../helpers/lambda';
import { useRuntime } from '../helpers/runtime';
import { createMachine, settled, start, stateMachineRole } from '../helpers/sfn';

const template: CfnTemplate = { Resources: { FnRole: lambdaRole('sfn-echo-role', []), Echo: fixtureFunction('echo', 'FnRole', { FunctionName: 'sfn-echo', Timeout: 5 }) } };
const env = useRuntime({ stack: { name: 'SfnLambda', template } }, { timeoutMs: 60_000 });
const sfn = () => env.clients.sfn;
const functionArn = () => `arn:aws:lambda:${env.runtime.region}:${env.runtime.account}:function:sfn-echo`;
let roleArn: string;

beforeAll(async () => {
  roleArn = await stateMachineRole(env.clients.iam, 'sfn-lambda-caller', [{ Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: '*' }]);
});

const run = async (name: string, definition: object, input: object) => {
  const execution = await settled(sfn(), await start(sfn(), await createMachine(sfn(), name, definition, roleArn), input));
  return { ...execution, parsed: JSON.parse(execution.output ?? 'null') };
};

describe('arn:aws:states:::lambda:invoke', () => {
  it("returns Invoke's response in the Java SDK's shape, the payload parsed", async () => {
    const definition = { StartAt: 'Call', States: { Call: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: 'sfn-echo', 'Payload.$': '$' }, End: true } } };
    const { status, parsed } = await run('invoke-shape', definition, { hello: 'world' });
    expect(status).toBe('SUCCEEDED');
    expect(parsed).toMatchObject({ ExecutedVersion: '$LATEST', StatusCode: 200, Payload: { event: { hello: 'world' } }, SdkHttpMetadata: { HttpStatusCode: 200 }, SdkResponseMetadata: { RequestId: expect.any(String) } });
  });

  it("fails with the function's errorType as Error and its error payload as Cause", async () => {
    const definition = {
      StartAt: 'Call',
      States: {
        Call: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: 'sfn-echo', Payload: { action: 'throw' } }, Catch: [{ ErrorEquals: ['TypeError'], Next: 'Caught' }], End: true },
        Caught: { Type: 'Pass', End: true },
      },
    };
    const { parsed } = await run('invoke-error', definition, {});
    expect(parsed.Error).toBe('TypeError');
    expect(JSON.parse(parsed.Cause)).toMatchObject({ errorType: 'TypeError', errorMessage: 'the fixture was asked to fail' });
  });
});

describe('a function ARN as the Resource', () => {
  it("passes the state's input as the payload and returns the function's response as it is", async () => {
    const { parsed } = await run('plain-arn', { StartAt: 'Call', States: { Call: { Type: 'Task', Resource: functionArn(), End: true } } }, { plain: true });
    expect(parsed.event).toEqual({ plain: true });
    expect(parsed.StatusCode).toBeUndefined();
  });
});
