import {
  GetFunctionCommand,
  GetFunctionConfigurationCommand,
  InvokeCommand,
  ListFunctionsCommand,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { CfnTemplate } from '../../runtime/bootstrap/template';
import { failure, useRuntime, withRuntime } from '../helpers/runtime';
import { fixtureFunction, lambdaRole, payloadOf } from '../helpers/lambda';
import { control } from '../helpers/control-plane';

const template: CfnTemplate = {
  Resources: {
    FnRole: lambdaRole('echo-role', ['kms:*']),
    OutsiderRole: lambdaRole('outsider-role', ['kms:ListKeys']),
    Echo: fixtureFunction('echo', 'FnRole', { FunctionName: 'echo', Timeout: 1, MemorySize: 256, Environment: { Variables: { GREETING: 'hello' } } }),
    Capped: fixtureFunction('echo', 'FnRole', { FunctionName: 'capped', Timeout: 5, ReservedConcurrentExecutions: 1 }),
  },
};

const invokeJson = (client: LambdaClient, functionName: string, event: unknown, extra: object = {}) =>
  client.send(new InvokeCommand({ FunctionName: functionName, Payload: Buffer.from(JSON.stringify(event)), ...extra }));

describe('Lambda functions from the template', () => {
  const env = useRuntime({ stack: { name: 'lambda-test', template } });

  describe('functionality', () => {
    test('Invoke echoes the event, with the configured environment, credentials and context', async () => {
      const out = await invokeJson(env.clients.lambda, 'echo', { hello: 'world' });
      expect(out.StatusCode).toBe(200);
      expect(out.FunctionError).toBeUndefined();
      expect(out.ExecutedVersion).toBe('$LATEST');
      const body = payloadOf(out.Payload);
      expect(body.event).toEqual({ hello: 'world' });
      expect(body.env).toMatchObject({
        GREETING: 'hello',
        AWS_ENDPOINT_URL: env.runtime.endpoint,
        AWS_REGION: env.runtime.region,
        AWS_LAMBDA_FUNCTION_NAME: 'echo',
        AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '256',
        _HANDLER: 'index.handler',
      });
      expect(body.env.AWS_ACCESS_KEY_ID).toMatch(/^ASIA/);
      expect(body.env.AWS_SESSION_TOKEN).toBeTruthy();
      expect(body.context.functionName).toBe('echo');
      expect(body.context.awsRequestId).toBe(out.$metadata.requestId);
      expect(body.context.remaining).toBeGreaterThan(0);
      expect(body.context.remaining).toBeLessThanOrEqual(1000);
    });

    test('the SDK inside the function reaches the runtime as the execution role', async () => {
      const out = await invokeJson(env.clients.lambda, 'echo', { action: 'whoami' });
      expect(payloadOf(out.Payload)).toEqual({ arn: `arn:aws:sts::${env.runtime.account}:assumed-role/echo-role/echo` });
    });

    test('a warm environment is reused, and the function is found by partial ARN and ARN', async () => {
      const first = payloadOf((await invokeJson(env.clients.lambda, 'echo', {})).Payload);
      const second = payloadOf((await invokeJson(env.clients.lambda, `${env.runtime.account}:function:echo`, {})).Payload);
      const third = payloadOf((await invokeJson(env.clients.lambda, `arn:aws:lambda:${env.runtime.region}:${env.runtime.account}:function:echo`, {})).Payload);
      expect(second.pid).toBe(first.pid);
      expect(third.pid).toBe(first.pid);
    });

    test('a terminal’s Ctrl-C (SIGINT to the process group) does not end an environment: the runtime decides', async () => {
      const before = payloadOf((await invokeJson(env.clients.lambda, 'echo', {})).Payload).pid;
      process.kill(before, 'SIGINT');
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(payloadOf((await invokeJson(env.clients.lambda, 'echo', {})).Payload).pid).toBe(before);
    });

    test('a thrown error is the AWS error payload with X-Amz-Function-Error: Unhandled', async () => {
      const out = await invokeJson(env.clients.lambda, 'echo', { action: 'throw' });
      expect(out.StatusCode).toBe(200);
      expect(out.FunctionError).toBe('Unhandled');
      const error = payloadOf(out.Payload);
      expect(error).toMatchObject({ errorType: 'TypeError', errorMessage: 'the fixture was asked to fail' });
      expect(error.trace[0]).toBe('TypeError: the fixture was asked to fail');
    });

    test('a process that exits is reported as Runtime.ExitError and replaced', async () => {
      const before = payloadOf((await invokeJson(env.clients.lambda, 'echo', {})).Payload).pid;
      const out = await invokeJson(env.clients.lambda, 'echo', { action: 'exit', code: 3 });
      expect(out.FunctionError).toBe('Unhandled');
      expect(payloadOf(out.Payload)).toEqual({ errorType: 'Runtime.ExitError', errorMessage: `RequestId: ${out.$metadata.requestId} Error: Runtime exited with error: exit status 3` });
      const after = payloadOf((await invokeJson(env.clients.lambda, 'echo', {})).Payload).pid;
      expect(after).not.toBe(before);
    });

    test('the timeout ends the invocation as Sandbox.Timedout', async () => {
      const out = await invokeJson(env.clients.lambda, 'echo', { action: 'sleep', ms: 5000 }, { LogType: 'Tail' });
      expect(out.FunctionError).toBe('Unhandled');
      expect(payloadOf(out.Payload)).toEqual({ errorType: 'Sandbox.Timedout', errorMessage: `RequestId: ${out.$metadata.requestId} Error: Task timed out after 1.00 seconds` });
      const log = Buffer.from(out.LogResult!, 'base64').toString('utf8');
      expect(log).toContain('Task timed out after 1.00 seconds');
      expect(log).toMatch(/REPORT RequestId: \S+\tDuration: [\d.]+ ms\tBilled Duration: \d+ ms\tMemory Size: 256 MB\t.*Status: timeout/);
    });

    test('LogType Tail returns the last 4 KB of the invocation log', async () => {
      const out = await invokeJson(env.clients.lambda, 'echo', { action: 'big-log' }, { LogType: 'Tail' });
      const tail = Buffer.from(out.LogResult!, 'base64');
      expect(tail.length).toBeLessThanOrEqual(4096);
      expect(tail.length).toBeGreaterThan(4000);
      const text = tail.toString('utf8');
      expect(text).toContain('\tINFO\tline 199 ');
      expect(text).toContain(`END RequestId: ${out.$metadata.requestId}`);
      expect(text).not.toContain('START RequestId');
    });

    test('over the reserved concurrency a synchronous invoke is throttled', async () => {
      const slow = invokeJson(env.clients.lambda, 'capped', { action: 'sleep', ms: 1500 });
      await new Promise((r) => setTimeout(r, 300));
      const throttled = await failure(invokeJson(env.clients.lambda, 'capped', {}));
      expect(throttled).toEqual({ name: 'TooManyRequestsException', status: 429, message: 'Rate Exceeded.' });
      expect(payloadOf((await slow).Payload)).toEqual({ slept: 1500 });
      expect((await invokeJson(env.clients.lambda, 'capped', {})).StatusCode).toBe(200);
    });

    test('Event invocations are accepted with 202 and run; DryRun answers 204', async () => {
      const since = Date.now();
      const event = await invokeJson(env.clients.lambda, 'echo', { async: 'marker' }, { InvocationType: 'Event' });
      expect(event.StatusCode).toBe(202);
      const dry = await invokeJson(env.clients.lambda, 'echo', { dry: 'marker' }, { InvocationType: 'DryRun' });
      expect(dry.StatusCode).toBe(204);
      const deadline = Date.now() + 5000;
      let messages: string[] = [];
      while (Date.now() < deadline) {
        const res = await control(env.runtime, `logs/echo?since=${since}`);
        messages = (res.body as { events: Array<{ message: string }> }).events.map((e) => e.message);
        if (messages.some((m) => m.includes('"async":"marker"'))) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(messages.some((m) => m.includes('"async":"marker"'))).toBe(true);
      expect(messages.some((m) => m.includes('"dry":"marker"'))).toBe(false);
    });

    test('the logs endpoint shows START, the function output, END and REPORT', async () => {
      const since = Date.now();
      const out = await invokeJson(env.clients.lambda, 'echo', { logs: 1 });
      const res = await control(env.runtime, `logs/echo?since=${since}`);
      expect(res.status).toBe(200);
      const { events } = res.body as { events: Array<{ timestamp: number; message: string }> };
      const id = out.$metadata.requestId!;
      const mine = events.filter((e) => e.message.includes(id));
      expect(mine.map((e) => e.message.split(/[\t ]/)[0])).toEqual(['START', expect.stringMatching(/^\d{4}-/), 'END', 'REPORT']);
      expect(mine[1].message).toMatch(new RegExp(`\\t${id}\\tINFO\\tevent received \\{"logs":1\\}$`));
      expect(events.every((e) => e.timestamp >= since)).toBe(true);
      expect((await control(env.runtime, 'logs/nope')).status).toBe(404);
    });

    test('`keydrill logs` prints the log through AWS_ENDPOINT_URL, and refuses without it', async () => {
      const out = await invokeJson(env.clients.lambda, 'echo', { cli: 'marker' });
      const cli = (env: Record<string, string>) =>
        promisify(execFile)(process.execPath, [join(__dirname, '..', '..', 'bin', 'keydrill.js'), 'logs', 'echo', '--since', '1h'], { env: { PATH: process.env.PATH!, ...env } });
      const { stdout } = await cli(env.runtime.env);
      expect(stdout).toContain(`END RequestId: ${out.$metadata.requestId}`);
      expect(stdout).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z START RequestId: /m);
      const refused = await cli({}).then(() => undefined, (e: { stderr: string; code: number }) => e);
      expect(refused?.code).toBe(1);
      expect(refused?.stderr).toContain('AWS_ENDPOINT_URL is not set');
    });

    test('GetFunction, GetFunctionConfiguration and ListFunctions describe the template functions', async () => {
      const fn = await env.clients.lambda.send(new GetFunctionCommand({ FunctionName: 'capped' }));
      expect(fn.Configuration).toMatchObject({ FunctionName: 'capped', Handler: 'index.handler', Runtime: 'nodejs20.x', Timeout: 5, MemorySize: 128, Version: '$LATEST', State: 'Active' });
      expect(fn.Configuration!.Role).toBe(`arn:aws:iam::${env.runtime.account}:role/echo-role`);
      expect(fn.Concurrency).toEqual({ ReservedConcurrentExecutions: 1 });
      const config = await env.clients.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'echo' }));
      expect(config.Environment).toEqual({ Variables: { GREETING: 'hello' } });
      const list = await env.clients.lambda.send(new ListFunctionsCommand({}));
      expect(list.Functions!.map((f) => f.FunctionName)).toEqual(['capped', 'echo']);
      const paged = await env.clients.lambda.send(new ListFunctionsCommand({ MaxItems: 1 }));
      expect(paged.Functions!.map((f) => f.FunctionName)).toEqual(['capped']);
      const next = await env.clients.lambda.send(new ListFunctionsCommand({ MaxItems: 1, Marker: paged.NextMarker }));
      expect(next.Functions!.map((f) => f.FunctionName)).toEqual(['echo']);
      expect(next.NextMarker).toBeUndefined();
    });
  });

  describe('validations', () => {
    test('an unknown function is ResourceNotFoundException naming its ARN', async () => {
      expect(await failure(invokeJson(env.clients.lambda, 'nope', {}))).toEqual({
        name: 'ResourceNotFoundException',
        status: 404,
        message: `Function not found: arn:aws:lambda:${env.runtime.region}:${env.runtime.account}:function:nope`,
      });
      expect((await failure(env.clients.lambda.send(new GetFunctionCommand({ FunctionName: 'echo', Qualifier: '7' })))).message).toBe(
        `Function not found: arn:aws:lambda:${env.runtime.region}:${env.runtime.account}:function:echo:7`,
      );
    });

    test('a payload over 6 MB is RequestTooLargeException; one that is not JSON is InvalidRequestContentException', async () => {
      const big = await failure(env.clients.lambda.send(new InvokeCommand({ FunctionName: 'echo', Payload: Buffer.alloc(6 * 1024 * 1024 + 1, 0x20) })));
      expect(big).toEqual({ name: 'RequestTooLargeException', status: 413, message: 'Request must be smaller than 6291456 bytes for the InvokeFunction operation' });
      const bad = await failure(env.clients.lambda.send(new InvokeCommand({ FunctionName: 'echo', Payload: Buffer.from('{not json') })));
      expect(bad.name).toBe('InvalidRequestContentException');
      expect(bad.status).toBe(400);
    });

    test('a bad InvocationType is a ValidationException', async () => {
      const bad = await failure(invokeJson(env.clients.lambda, 'echo', {}, { InvocationType: 'Sometimes' }));
      expect(bad.name).toBe('ValidationException');
      expect(bad.message).toContain("at 'invocationType' failed to satisfy constraint: Member must satisfy enum value set: [Event, RequestResponse, DryRun]");
    });

    test('a role without lambda:InvokeFunction is denied', async () => {
      const outsider = env.clientsAs(env.runtime.roleCredentials('outsider-role')).lambda;
      const denied = await failure(invokeJson(outsider, 'echo', {}));
      expect(denied.name).toBe('AccessDeniedException');
      expect(denied.status).toBe(403);
      expect(denied.message).toContain('is not authorized to perform: lambda:InvokeFunction on resource: arn:aws:lambda:');
    });
  });
});

test('a function without keydrill:entry metadata fails the deployment with a clear message', async () => {
  const { Metadata: _none, ...bare } = fixtureFunction('echo', 'FnRole');
  const error = await withRuntime({ stack: { name: 'bare', template: { Resources: { FnRole: lambdaRole('r', []), Bare: bare } } } }).then(
    async (rt) => {
      await rt.stop();
      throw new Error('deployed');
    },
    (e: Error) => e,
  );
  expect(error.name).toBe('TemplateError');
  expect(error.message).toContain('Bare (AWS::Lambda::Function) has no "keydrill:entry" metadata');
});
