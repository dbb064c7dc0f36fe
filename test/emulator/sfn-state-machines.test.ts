import {
  CreateStateMachineCommand,
  DeleteStateMachineCommand,
  DescribeStateMachineCommand,
  ListStateMachinesCommand,
  ListTagsForResourceCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateStateMachineCommand,
  ValidateStateMachineDefinitionCommand,
} from '@aws-sdk/client-sfn';
import { failure, useRuntime } from '../helpers/runtime';
import { stateMachineRole } from '../helpers/sfn';

const env = useRuntime();
const sfn = () => env.clients.sfn;
const PASS = JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } });
let roleArn: string;
const machineArn = (name: string) => `arn:aws:states:${env.runtime.region}:${env.runtime.account}:stateMachine:${name}`;

beforeAll(async () => {
  roleArn = await stateMachineRole(env.clients.iam, 'sfn-machines-role');
});

describe('CreateStateMachine', () => {
  describe('validations', () => {
    it.each(['has space', 'a:b', 'br{ace}', 'q?'])('refuses the name %j with InvalidName', async (name) => {
      expect(await failure(sfn().send(new CreateStateMachineCommand({ name, definition: PASS, roleArn })))).toEqual({ name: 'InvalidName', status: 400, message: `Invalid Name: '${name}'` });
    });

    it('refuses a name longer than 80 characters by the model constraint', async () => {
      expect(await failure(sfn().send(new CreateStateMachineCommand({ name: 'x'.repeat(81), definition: PASS, roleArn })))).toMatchObject({ name: 'ValidationException', status: 400 });
    });

    it('refuses a definition that is not ASL with InvalidDefinition', async () => {
      const result = await failure(sfn().send(new CreateStateMachineCommand({ name: 'bad-definition', definition: '{"States": 1}', roleArn })));
      expect(result).toMatchObject({ name: 'InvalidDefinition', status: 400 });
      expect(result.message).toMatch(/^Invalid State Machine Definition: '/);
    });

    it('refuses a role that is not an IAM role ARN with InvalidArn', async () => {
      expect(await failure(sfn().send(new CreateStateMachineCommand({ name: 'bad-role', definition: PASS, roleArn: 'not-an-arn' })))).toMatchObject({ name: 'InvalidArn' });
    });

    it('refuses logging without a destination with InvalidLoggingConfiguration', async () => {
      const input = { name: 'bad-logging', definition: PASS, roleArn, loggingConfiguration: { level: 'ALL' as const } };
      expect(await failure(sfn().send(new CreateStateMachineCommand(input)))).toMatchObject({ name: 'InvalidLoggingConfiguration' });
    });
  });

  describe('functionality', () => {
    it('creates a STANDARD machine that DescribeStateMachine shows, and is idempotent for the same definition', async () => {
      const created = await sfn().send(new CreateStateMachineCommand({ name: 'described', definition: PASS, roleArn, tracingConfiguration: { enabled: true } }));
      expect(created.stateMachineArn).toBe(machineArn('described'));
      const again = await sfn().send(new CreateStateMachineCommand({ name: 'described', definition: PASS, roleArn, tracingConfiguration: { enabled: true } }));
      expect(again.creationDate).toEqual(created.creationDate);
      const described = await sfn().send(new DescribeStateMachineCommand({ stateMachineArn: created.stateMachineArn }));
      expect(described).toMatchObject({ name: 'described', status: 'ACTIVE', type: 'STANDARD', definition: PASS, roleArn, tracingConfiguration: { enabled: true } });
      expect(described.revisionId).toEqual(expect.any(String));
    });

    it('refuses the same name with another definition with StateMachineAlreadyExists', async () => {
      await sfn().send(new CreateStateMachineCommand({ name: 'taken', definition: PASS, roleArn }));
      const other = JSON.stringify({ StartAt: 'Q', States: { Q: { Type: 'Succeed' } } });
      expect(await failure(sfn().send(new CreateStateMachineCommand({ name: 'taken', definition: other, roleArn })))).toEqual({
        name: 'StateMachineAlreadyExists',
        status: 400,
        message: `State Machine Already Exists: '${machineArn('taken')}'`,
      });
    });
  });
});

describe('DescribeStateMachine', () => {
  it('refuses an unknown machine with StateMachineDoesNotExist, and a malformed ARN with InvalidArn', async () => {
    expect(await failure(sfn().send(new DescribeStateMachineCommand({ stateMachineArn: machineArn('nothing-here') })))).toEqual({
      name: 'StateMachineDoesNotExist',
      status: 400,
      message: `State Machine Does Not Exist: '${machineArn('nothing-here')}'`,
    });
    expect(await failure(sfn().send(new DescribeStateMachineCommand({ stateMachineArn: 'arn:aws:kms:us-east-1:000000000000:key/x' })))).toMatchObject({ name: 'InvalidArn' });
  });
});

describe('ListStateMachines', () => {
  it('pages through the machines by name', async () => {
    for (const name of ['list-a', 'list-b', 'list-c']) await sfn().send(new CreateStateMachineCommand({ name, definition: PASS, roleArn }));
    const names: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await sfn().send(new ListStateMachinesCommand({ maxResults: 2, nextToken }));
      expect(page.stateMachines!.length).toBeLessThanOrEqual(2);
      names.push(...page.stateMachines!.map((m) => m.name!));
      nextToken = page.nextToken;
    } while (nextToken);
    expect(names.filter((n) => n.startsWith('list-'))).toEqual(['list-a', 'list-b', 'list-c']);
    expect([...names].sort()).toEqual(names);
  });
});

describe('UpdateStateMachine and DeleteStateMachine', () => {
  it('changes the definition and the revision, then deletes the machine', async () => {
    const { stateMachineArn } = await sfn().send(new CreateStateMachineCommand({ name: 'updated', definition: PASS, roleArn }));
    const before = await sfn().send(new DescribeStateMachineCommand({ stateMachineArn }));
    const next = JSON.stringify({ StartAt: 'S', States: { S: { Type: 'Succeed' } } });
    await sfn().send(new UpdateStateMachineCommand({ stateMachineArn, definition: next }));
    const after = await sfn().send(new DescribeStateMachineCommand({ stateMachineArn }));
    expect(after.definition).toBe(next);
    expect(after.revisionId).not.toBe(before.revisionId);
    expect(await failure(sfn().send(new UpdateStateMachineCommand({ stateMachineArn })))).toMatchObject({ name: 'MissingRequiredParameter' });
    await sfn().send(new DeleteStateMachineCommand({ stateMachineArn }));
    expect(await failure(sfn().send(new DescribeStateMachineCommand({ stateMachineArn })))).toMatchObject({ name: 'StateMachineDoesNotExist' });
  });
});

describe('tags', () => {
  it('adds, lists and removes lower-case key/value tags', async () => {
    const { stateMachineArn } = await sfn().send(new CreateStateMachineCommand({ name: 'tagged', definition: PASS, roleArn, tags: [{ key: 'team', value: 'keys' }] }));
    await sfn().send(new TagResourceCommand({ resourceArn: stateMachineArn, tags: [{ key: 'drill', value: 'rotation' }] }));
    expect((await sfn().send(new ListTagsForResourceCommand({ resourceArn: stateMachineArn }))).tags).toEqual([
      { key: 'team', value: 'keys' },
      { key: 'drill', value: 'rotation' },
    ]);
    await sfn().send(new UntagResourceCommand({ resourceArn: stateMachineArn, tagKeys: ['team'] }));
    expect((await sfn().send(new ListTagsForResourceCommand({ resourceArn: stateMachineArn }))).tags).toEqual([{ key: 'drill', value: 'rotation' }]);
    expect(await failure(sfn().send(new ListTagsForResourceCommand({ resourceArn: machineArn('untagged-nothing') })))).toMatchObject({ name: 'ResourceNotFound' });
  });
});

describe('ValidateStateMachineDefinition', () => {
  it('answers OK for a valid definition and FAIL with diagnostics for a broken one', async () => {
    expect(await sfn().send(new ValidateStateMachineDefinitionCommand({ definition: PASS }))).toMatchObject({ result: 'OK', diagnostics: [] });
    const failed = await sfn().send(new ValidateStateMachineDefinitionCommand({ definition: '{"StartAt": "Nowhere"}' }));
    expect(failed.result).toBe('FAIL');
    expect(failed.diagnostics![0]).toMatchObject({ severity: 'ERROR', code: expect.any(String), message: expect.any(String) });
  });
});
