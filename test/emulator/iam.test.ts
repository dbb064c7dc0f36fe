import { STSClient } from '@aws-sdk/client-sts';
import { KMSClient } from '@aws-sdk/client-kms';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AttachRolePolicyCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  type CreateRoleCommandInput,
  DeletePolicyCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  DetachRolePolicyCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  ListRolesCommand,
  ListRoleTagsCommand,
  PutRolePolicyCommand,
  TagRoleCommand,
  UntagRoleCommand,
  UpdateAssumeRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { CreateKeyCommand, EncryptCommand } from '@aws-sdk/client-kms';
import { CreateQueueCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import type { Runtime, RuntimeOptions } from '../../runtime';
import type { CfnTemplate } from '../../runtime/bootstrap/template';
import { rawRequest } from '../helpers/raw-request';
import { clientConfig, failure, withRuntime } from '../helpers/runtime';
import type { ClientCredentials } from '../helpers/service-clients';

const ACCOUNT = '000000000000';
const roleArn = (path: string) => `arn:aws:iam::${ACCOUNT}:role/${path}`;
const policyArn = (name: string) => `arn:aws:iam::${ACCOUNT}:policy/${name}`;
const sessionArn = (role: string, session: string) => `arn:aws:sts::${ACCOUNT}:assumed-role/${role}/${session}`;
const LAMBDA_BASIC = 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole';

const policy = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const allow = (action: string | string[], resource: string | string[] = '*') => ({ Effect: 'Allow', Action: action, Resource: resource });
const trusting = (principal: object) => policy({ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' });
const TRUST_ACCOUNT = trusting({ AWS: `arn:aws:iam::${ACCOUNT}:root` });
/** IAM returns documents URL-encoded. */
const decoded = (document: string | undefined) => JSON.parse(decodeURIComponent(document!));

const template: CfnTemplate = {
  Resources: {
    StackRole: {
      Type: 'AWS::IAM::Role',
      Properties: {
        RoleName: 'StackRole',
        AssumeRolePolicyDocument: JSON.parse(trusting({ Service: 'lambda.amazonaws.com' })),
        ManagedPolicyArns: [LAMBDA_BASIC],
        Policies: [{ PolicyName: 'stack-inline', PolicyDocument: JSON.parse(policy(allow('sqs:SendMessage'))) }],
      },
    },
  },
};

const STACK_ROLE_REFUSAL =
  "Cannot perform the operation on the protected role 'StackRole' - this role belongs to the deployed stack and is only modifiable by redeploying it (change infra/ and run keydrill up)";

/** One runtime with IAM, KMS and SQS clients as the administrator, and clients for any credentials. */
function iamRuntime(options: RuntimeOptions = {}) {
  const opened: { destroy(): void }[] = [];
  const open = <C extends { destroy(): void }>(client: C) => {
    opened.push(client);
    return client;
  };
  const shared = {
    runtime: undefined as unknown as Runtime,
    iam: (credentials?: ClientCredentials) => open(new IAMClient(clientConfig(shared.runtime, credentials))),
    kms: (credentials?: ClientCredentials) => open(new KMSClient(clientConfig(shared.runtime, credentials))),
    sqs: (credentials?: ClientCredentials) => open(new SQSClient(clientConfig(shared.runtime, credentials))),
    /** Assumes `role` as the administrator through STS and returns the session's credentials. */
    async assume(role: string, session = 'test', durationSeconds?: number): Promise<ClientCredentials> {
      const out = await open(new STSClient(clientConfig(shared.runtime))).send(
        new AssumeRoleCommand({ RoleArn: roleArn(role), RoleSessionName: session, DurationSeconds: durationSeconds }),
      );
      const c = out.Credentials!;
      return { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };
    },
  };
  beforeAll(async () => {
    shared.runtime = await withRuntime(options);
  });
  afterAll(async () => {
    for (const client of opened) client.destroy();
    await shared.runtime.stop();
  });
  return shared;
}

describe('IAM against a runtime with a deployed stack', () => {
  const t = iamRuntime({ stack: { name: 'IamStack', template } });
  const admin = () => t.iam();
  const createRole = (RoleName: string, extra: Partial<CreateRoleCommandInput> = {}) =>
    admin().send(new CreateRoleCommand({ RoleName, AssumeRolePolicyDocument: TRUST_ACCOUNT, ...extra }));
  const createPolicy = (PolicyName: string, document: string, Path?: string) =>
    admin().send(new CreatePolicyCommand({ PolicyName, PolicyDocument: document, Path }));

  describe('roles', () => {
    it('creates a role with its path, description, session limit and tags, and GetRole returns it', async () => {
      const created = await createRole('described', {
        Path: '/apps/',
        Description: 'runs the drills',
        MaxSessionDuration: 7200,
        Tags: [{ Key: 'team', Value: 'drills' }],
      });
      expect(created.Role).toMatchObject({
        RoleName: 'described',
        Path: '/apps/',
        Arn: roleArn('apps/described'),
        Description: 'runs the drills',
        MaxSessionDuration: 7200,
        Tags: [{ Key: 'team', Value: 'drills' }],
      });
      expect(created.Role!.RoleId).toMatch(/^AROA[0-9A-Z]{16}$/);
      const got = (await admin().send(new GetRoleCommand({ RoleName: 'described' }))).Role!;
      expect(got).toEqual(created.Role);
      expect(decoded(got.AssumeRolePolicyDocument)).toEqual(JSON.parse(TRUST_ACCOUNT));
    });

    it('gives a role without MaxSessionDuration IAM’s default of one hour and no tags', async () => {
      const role = (await createRole('plain')).Role!;
      expect(role.MaxSessionDuration).toBe(3600);
      expect(role.Path).toBe('/');
      expect(role.Tags).toBeUndefined();
    });

    it('refuses a second role with the same name, in any letter case', async () => {
      await createRole('Twin');
      expect(await failure(createRole('twin', { Path: '/other/' }))).toEqual({
        name: 'EntityAlreadyExistsException',
        status: 409,
        message: 'Role with name twin already exists.',
      });
      expect(await failure(createRole('StackRole'))).toMatchObject({ name: 'EntityAlreadyExistsException', status: 409 });
    });

    it('answers NoSuchEntity for a role that does not exist', async () => {
      for (const call of [
        admin().send(new GetRoleCommand({ RoleName: 'missing' })),
        admin().send(new DeleteRoleCommand({ RoleName: 'missing' })),
        admin().send(new ListRolePoliciesCommand({ RoleName: 'missing' })),
      ]) {
        expect(await failure(call)).toEqual({ name: 'NoSuchEntityException', status: 404, message: 'The role with name missing cannot be found.' });
      }
    });

    it('lists roles by path prefix, in pages of MaxItems with IsTruncated and Marker', async () => {
      for (const name of ['page-c', 'page-a', 'page-e', 'page-b', 'page-d']) await createRole(name, { Path: '/paging/' });
      const names: string[] = [];
      let Marker: string | undefined;
      const truncations: boolean[] = [];
      do {
        const out = await admin().send(new ListRolesCommand({ PathPrefix: '/paging/', MaxItems: 2, Marker }));
        names.push(...out.Roles!.map((r) => r.RoleName!));
        truncations.push(out.IsTruncated!);
        expect(out.Roles!.every((r) => r.Tags === undefined && r.AssumeRolePolicyDocument !== undefined)).toBe(true);
        Marker = out.Marker;
      } while (Marker);
      expect(names).toEqual(['page-a', 'page-b', 'page-c', 'page-d', 'page-e']);
      expect(truncations).toEqual([true, true, false]);
      const all = (await admin().send(new ListRolesCommand({}))).Roles!.map((r) => r.RoleName);
      expect(all).toEqual(expect.arrayContaining(['StackRole', 'page-a', 'plain']));
    });

    it('refuses a Marker it did not issue', async () => {
      expect(await failure(admin().send(new ListRolesCommand({ Marker: 'not-ours' })))).toMatchObject({ name: 'ValidationError', status: 400 });
    });

    it('deletes a role only once its inline and attached policies are gone', async () => {
      await createRole('to-delete');
      await admin().send(new PutRolePolicyCommand({ RoleName: 'to-delete', PolicyName: 'inline', PolicyDocument: policy(allow('sqs:*')) }));
      const { Policy } = await createPolicy('to-delete-managed', policy(allow('kms:*')));
      await admin().send(new AttachRolePolicyCommand({ RoleName: 'to-delete', PolicyArn: Policy!.Arn }));

      const deleteRole = () => admin().send(new DeleteRoleCommand({ RoleName: 'to-delete' }));
      expect(await failure(deleteRole())).toEqual({ name: 'DeleteConflictException', status: 409, message: 'Cannot delete entity, must detach all policies first.' });
      await admin().send(new DetachRolePolicyCommand({ RoleName: 'to-delete', PolicyArn: Policy!.Arn }));
      expect(await failure(deleteRole())).toEqual({ name: 'DeleteConflictException', status: 409, message: 'Cannot delete entity, must delete policies first.' });
      await admin().send(new DeleteRolePolicyCommand({ RoleName: 'to-delete', PolicyName: 'inline' }));
      await deleteRole();
      expect(await failure(admin().send(new GetRoleCommand({ RoleName: 'to-delete' })))).toMatchObject({ name: 'NoSuchEntityException' });
    });

    it('tags, retags (keys are case-insensitive), untags and lists tags in pages', async () => {
      await createRole('tagged', { Tags: [{ Key: 'Env', Value: 'dev' }] });
      await admin().send(new TagRoleCommand({ RoleName: 'tagged', Tags: [{ Key: 'env', Value: 'prod' }, { Key: 'owner', Value: 'ops' }, { Key: 'cost', Value: '1' }] }));
      const first = await admin().send(new ListRoleTagsCommand({ RoleName: 'tagged', MaxItems: 2 }));
      expect(first.Tags).toEqual([{ Key: 'cost', Value: '1' }, { Key: 'env', Value: 'prod' }]);
      expect(first.IsTruncated).toBe(true);
      const rest = await admin().send(new ListRoleTagsCommand({ RoleName: 'tagged', Marker: first.Marker }));
      expect(rest).toMatchObject({ Tags: [{ Key: 'owner', Value: 'ops' }], IsTruncated: false });

      await admin().send(new UntagRoleCommand({ RoleName: 'tagged', TagKeys: ['OWNER', 'cost', 'absent'] }));
      expect((await admin().send(new GetRoleCommand({ RoleName: 'tagged' }))).Role!.Tags).toEqual([{ Key: 'env', Value: 'prod' }]);
    });

    it('refuses the same tag key twice in one request', async () => {
      expect(await failure(admin().send(new TagRoleCommand({ RoleName: 'plain', Tags: [{ Key: 'a', Value: '1' }, { Key: 'A', Value: '2' }] })))).toEqual({
        name: 'InvalidInputException',
        status: 400,
        message: 'Duplicate tag keys found. Please note that Tag keys are case insensitive.',
      });
    });
  });

  describe('inline policies', () => {
    it('puts, replaces, gets (URL-encoded), lists and deletes a role’s inline policies', async () => {
      await createRole('inline-owner');
      const put = (PolicyName: string, document: string) => admin().send(new PutRolePolicyCommand({ RoleName: 'inline-owner', PolicyName, PolicyDocument: document }));
      await put('b-queues', policy(allow('sqs:SendMessage')));
      await put('a-keys', policy(allow('kms:Encrypt')));
      await put('a-keys', policy(allow(['kms:Encrypt', 'kms:Decrypt'])));

      const got = await admin().send(new GetRolePolicyCommand({ RoleName: 'inline-owner', PolicyName: 'a-keys' }));
      expect(got.PolicyDocument).toMatch(/^%7B/);
      expect(decoded(got.PolicyDocument)).toEqual(JSON.parse(policy(allow(['kms:Encrypt', 'kms:Decrypt']))));
      expect({ RoleName: got.RoleName, PolicyName: got.PolicyName }).toEqual({ RoleName: 'inline-owner', PolicyName: 'a-keys' });

      const listed = await admin().send(new ListRolePoliciesCommand({ RoleName: 'inline-owner', MaxItems: 1 }));
      expect(listed).toMatchObject({ PolicyNames: ['a-keys'], IsTruncated: true });
      expect((await admin().send(new ListRolePoliciesCommand({ RoleName: 'inline-owner', Marker: listed.Marker }))).PolicyNames).toEqual(['b-queues']);

      await admin().send(new DeleteRolePolicyCommand({ RoleName: 'inline-owner', PolicyName: 'a-keys' }));
      expect((await admin().send(new ListRolePoliciesCommand({ RoleName: 'inline-owner' }))).PolicyNames).toEqual(['b-queues']);
      const missing = { name: 'NoSuchEntityException', status: 404, message: 'The role policy with name a-keys cannot be found.' };
      expect(await failure(admin().send(new GetRolePolicyCommand({ RoleName: 'inline-owner', PolicyName: 'a-keys' })))).toEqual(missing);
      expect(await failure(admin().send(new DeleteRolePolicyCommand({ RoleName: 'inline-owner', PolicyName: 'a-keys' })))).toEqual(missing);
    });

    it('lists an empty set of inline policies as an empty list', async () => {
      expect(await admin().send(new ListRolePoliciesCommand({ RoleName: 'plain' }))).toMatchObject({ PolicyNames: [], IsTruncated: false });
    });
  });

  describe('customer managed policies', () => {
    it('creates a policy with default version v1, attaches it, counts its attachments and detaches it', async () => {
      const created = (await createPolicy('managed-keys', policy(allow('kms:*')), '/team/')).Policy!;
      expect(created).toMatchObject({
        PolicyName: 'managed-keys',
        Arn: policyArn('team/managed-keys'),
        Path: '/team/',
        DefaultVersionId: 'v1',
        AttachmentCount: 0,
        IsAttachable: true,
      });
      expect(created.PolicyId).toMatch(/^ANPA[0-9A-Z]{16}$/);
      const version = (await admin().send(new GetPolicyVersionCommand({ PolicyArn: created.Arn, VersionId: 'v1' }))).PolicyVersion!;
      expect(version).toMatchObject({ VersionId: 'v1', IsDefaultVersion: true });
      expect(decoded(version.Document)).toEqual(JSON.parse(policy(allow('kms:*'))));

      await createRole('attached-owner');
      const attach = () => admin().send(new AttachRolePolicyCommand({ RoleName: 'attached-owner', PolicyArn: created.Arn }));
      await attach();
      await attach();
      await admin().send(new AttachRolePolicyCommand({ RoleName: 'attached-owner', PolicyArn: LAMBDA_BASIC }));
      expect((await admin().send(new GetPolicyCommand({ PolicyArn: created.Arn }))).Policy!.AttachmentCount).toBe(1);
      expect((await admin().send(new ListAttachedRolePoliciesCommand({ RoleName: 'attached-owner' }))).AttachedPolicies).toEqual([
        { PolicyName: 'AWSLambdaBasicExecutionRole', PolicyArn: LAMBDA_BASIC },
        { PolicyName: 'managed-keys', PolicyArn: created.Arn },
      ]);
      const inTeam = await admin().send(new ListAttachedRolePoliciesCommand({ RoleName: 'attached-owner', PathPrefix: '/team/' }));
      expect(inTeam.AttachedPolicies).toEqual([{ PolicyName: 'managed-keys', PolicyArn: created.Arn }]);

      expect(await failure(admin().send(new DeletePolicyCommand({ PolicyArn: created.Arn })))).toEqual({
        name: 'DeleteConflictException',
        status: 409,
        message: 'Cannot delete a policy attached to entities.',
      });
      await admin().send(new DetachRolePolicyCommand({ RoleName: 'attached-owner', PolicyArn: created.Arn }));
      expect(await failure(admin().send(new DetachRolePolicyCommand({ RoleName: 'attached-owner', PolicyArn: created.Arn })))).toEqual({
        name: 'NoSuchEntityException',
        status: 404,
        message: `Policy ${created.Arn} was not found.`,
      });
      await admin().send(new DeletePolicyCommand({ PolicyArn: created.Arn }));
      expect(await failure(admin().send(new GetPolicyCommand({ PolicyArn: created.Arn })))).toEqual({
        name: 'NoSuchEntityException',
        status: 404,
        message: `Policy ${created.Arn} was not found.`,
      });
    });

    it('refuses a duplicate policy name, an unknown version, and attaching a policy that does not exist', async () => {
      const { Policy } = await createPolicy('unique', policy(allow('sqs:*')));
      expect(await failure(createPolicy('UNIQUE', policy(allow('sqs:*')), '/elsewhere/'))).toEqual({
        name: 'EntityAlreadyExistsException',
        status: 409,
        message: 'A policy called UNIQUE already exists. Duplicate names are not allowed.',
      });
      expect(await failure(admin().send(new GetPolicyVersionCommand({ PolicyArn: Policy!.Arn, VersionId: 'v2' })))).toEqual({
        name: 'NoSuchEntityException',
        status: 404,
        message: `Policy ${Policy!.Arn} version v2 does not exist or is not attachable.`,
      });
      expect(await failure(admin().send(new AttachRolePolicyCommand({ RoleName: 'plain', PolicyArn: policyArn('nowhere') })))).toEqual({
        name: 'NoSuchEntityException',
        status: 404,
        message: `Policy ${policyArn('nowhere')} does not exist or is not attachable.`,
      });
      expect(await failure(admin().send(new GetPolicyCommand({ PolicyArn: LAMBDA_BASIC })))).toMatchObject({ name: 'NoSuchEntityException', status: 404 });
    });
  });

  describe('validation and quotas', () => {
    const validation = (message: string) => ({ name: 'ValidationError', status: 400, message: `1 validation error detected: ${message}` });
    const malformed = (message: string) => ({ name: 'MalformedPolicyDocumentException', status: 400, message });

    it.each([
      [
        'a role name with a space',
        { RoleName: 'bad name' },
        validation("Value 'bad name' at 'roleName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[\\w+=,.@-]+$"),
      ],
      [
        'a path that does not end with a slash',
        { Path: '/apps' },
        validation("Value '/apps' at 'path' failed to satisfy constraint: Member must satisfy regular expression pattern: ^(\\u002F|\\u002F[\\u0021-\\u007E]+\\u002F)$"),
      ],
      ['MaxSessionDuration under an hour', { MaxSessionDuration: 900 }, validation("Value '900' at 'maxSessionDuration' failed to satisfy constraint: Member must have value greater than or equal to 3600")],
      ['MaxSessionDuration over twelve hours', { MaxSessionDuration: 43201 }, validation("Value '43201' at 'maxSessionDuration' failed to satisfy constraint: Member must have value less than or equal to 43200")],
      ['a trust policy that is not JSON', { AssumeRolePolicyDocument: '{"Version":' }, malformed('This policy contains invalid Json')],
      [
        'a trust policy statement without a principal',
        { AssumeRolePolicyDocument: policy({ Effect: 'Allow', Action: 'sts:AssumeRole' }) },
        malformed('Invalid principal in policy: com.amazon.balsa.error.InvalidPolicyException: The passed in policy has a statement with no principals!'),
      ],
      [
        'a trust policy naming a role that does not exist',
        { AssumeRolePolicyDocument: trusting({ AWS: roleArn('ghost') }) },
        malformed(`Invalid principal in policy: "AWS":"${roleArn('ghost')}"`),
      ],
      [
        'a trust policy with an unknown Effect',
        { AssumeRolePolicyDocument: JSON.stringify({ Statement: [{ Effect: 'Maybe', Principal: '*', Action: 'sts:AssumeRole' }] }) },
        malformed('Syntax errors in policy.'),
      ],
      [
        'a trust policy over 2048 characters',
        { AssumeRolePolicyDocument: trusting({ Service: Array.from({ length: 100 }, (_, i) => `service-${i}.amazonaws.com`) }) },
        { name: 'LimitExceededException', status: 409, message: 'Cannot exceed quota for ACLSizePerRole: 2048' },
      ],
      [
        'a permissions boundary',
        { PermissionsBoundary: policyArn('boundary') },
        { name: 'ValidationError', status: 400, message: 'keydrill does not support permissions boundaries (PermissionsBoundary)' },
      ],
    ])('CreateRole refuses %s', async (_case, input, expected) => {
      expect(await failure(createRole('refused', input))).toEqual(expected);
      expect(await failure(admin().send(new GetRoleCommand({ RoleName: 'refused' })))).toMatchObject({ name: 'NoSuchEntityException' });
    });

    it.each([
      ['names a principal', policy({ Effect: 'Allow', Principal: '*', Action: 'sqs:*', Resource: '*' }), malformed('Policy document should not specify a principal.')],
      ['has an unknown condition operator', policy({ ...allow('sqs:*'), Condition: { StringSortOf: { 'aws:username': 'x' } } }), malformed('Syntax errors in policy.')],
      ['has no statements', JSON.stringify({ Version: '2012-10-17', Statement: [] }), malformed('Syntax errors in policy.')],
      ['is not JSON', 'Statement: []', malformed('This policy contains invalid Json')],
    ])('PutRolePolicy and CreatePolicy refuse a document that %s', async (_case, document, expected) => {
      expect(await failure(admin().send(new PutRolePolicyCommand({ RoleName: 'plain', PolicyName: 'refused', PolicyDocument: document })))).toEqual(expected);
      expect(await failure(createPolicy('refused', document))).toEqual(expected);
    });

    it('answers an IAM action it does not serve with InvalidAction, in IAM’s XML namespace', async () => {
      const res = await rawRequest(t.runtime, {
        headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
        body: 'Action=ListUsers&Version=2010-05-08',
        service: 'iam',
      });
      expect(res.status).toBe(400);
      expect(res.text).toContain('<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">');
      expect(res.text).toContain('<Code>InvalidAction</Code>');
      expect(res.text).toContain('(ListUsers)');
    });

    it('refuses inline policies over 10,240 characters per role and managed policies over 6,144', async () => {
      const resources = (n: number) => Array.from({ length: n }, (_, i) => `arn:aws:sqs:us-east-1:${ACCOUNT}:queue-number-${i}`);
      const medium = policy(allow('sqs:SendMessage', resources(120)));
      await createRole('quota-owner');
      await admin().send(new PutRolePolicyCommand({ RoleName: 'quota-owner', PolicyName: 'one', PolicyDocument: medium }));
      // Replacing a policy counts its new size only.
      await admin().send(new PutRolePolicyCommand({ RoleName: 'quota-owner', PolicyName: 'one', PolicyDocument: medium }));
      expect(await failure(admin().send(new PutRolePolicyCommand({ RoleName: 'quota-owner', PolicyName: 'two', PolicyDocument: medium })))).toEqual({
        name: 'LimitExceededException',
        status: 409,
        message: 'Maximum policy size of 10240 bytes exceeded for role quota-owner',
      });
      expect(await failure(createPolicy('too-large', medium))).toEqual({ name: 'LimitExceededException', status: 409, message: 'Cannot exceed quota for PolicySize: 6144' });
    });

    it('refuses an eleventh managed policy on a role', async () => {
      await createRole('crowded');
      for (let i = 0; i < 10; i++) {
        const { Policy } = await createPolicy(`crowd-${i}`, policy(allow('sqs:GetQueueUrl')));
        await admin().send(new AttachRolePolicyCommand({ RoleName: 'crowded', PolicyArn: Policy!.Arn }));
      }
      const { Policy } = await createPolicy('crowd-10', policy(allow('sqs:GetQueueUrl')));
      expect(await failure(admin().send(new AttachRolePolicyCommand({ RoleName: 'crowded', PolicyArn: Policy!.Arn })))).toEqual({
        name: 'LimitExceededException',
        status: 409,
        message: 'Cannot exceed quota for PoliciesPerRole: 10',
      });
    });
  });

  describe('the same identity store and evaluation as the template’s roles', () => {
    it('a created role is assumed through STS, and its attached and inline policies authorize KMS and SQS calls', async () => {
      // The default key policy delegates to IAM: the account's identity policies decide.
      const keyArn = (await t.kms().send(new CreateKeyCommand({}))).KeyMetadata!.Arn!;
      const queueUrl = (await t.sqs().send(new CreateQueueCommand({ QueueName: 'iam-round-trip' }))).QueueUrl!;
      const queueArn = `arn:aws:sqs:us-east-1:${ACCOUNT}:iam-round-trip`;
      await createRole('app-role');
      const { Policy } = await createPolicy('app-encrypt', policy(allow('kms:Encrypt', keyArn)));
      const session = await t.assume('app-role', 'drill');
      const encrypt = () => t.kms(session).send(new EncryptCommand({ KeyId: keyArn, Plaintext: Buffer.from('secret') }));
      const send = () => t.sqs(session).send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'hello' }));

      expect(await failure(encrypt())).toMatchObject({
        name: 'AccessDeniedException',
        message: `User: ${sessionArn('app-role', 'drill')} is not authorized to perform: kms:Encrypt on resource: ${keyArn} because no identity-based policy allows the kms:Encrypt action`,
      });
      await admin().send(new AttachRolePolicyCommand({ RoleName: 'app-role', PolicyArn: Policy!.Arn }));
      expect((await encrypt()).KeyId).toBe(keyArn);

      expect(await failure(send())).toMatchObject({ name: 'AccessDenied' });
      await admin().send(new PutRolePolicyCommand({ RoleName: 'app-role', PolicyName: 'send', PolicyDocument: policy(allow('sqs:SendMessage', queueArn)) }));
      expect((await send()).MessageId).toBeDefined();

      await admin().send(new DetachRolePolicyCommand({ RoleName: 'app-role', PolicyArn: Policy!.Arn }));
      expect(await failure(encrypt())).toMatchObject({ name: 'AccessDeniedException' });
    });

    it('AssumeRole honours the trust policy, and UpdateAssumeRolePolicy replaces it', async () => {
      await createRole('lambda-only', { AssumeRolePolicyDocument: trusting({ Service: 'lambda.amazonaws.com' }) });
      expect(await failure(t.assume('lambda-only'))).toMatchObject({
        name: 'AccessDenied',
        status: 403,
        message: `User: arn:aws:iam::${ACCOUNT}:root is not authorized to perform: sts:AssumeRole on resource: ${roleArn('lambda-only')}`,
      });
      await admin().send(new UpdateAssumeRolePolicyCommand({ RoleName: 'lambda-only', PolicyDocument: TRUST_ACCOUNT }));
      expect((await t.assume('lambda-only')).accessKeyId).toMatch(/^ASIA/);
      expect(decoded((await admin().send(new GetRoleCommand({ RoleName: 'lambda-only' }))).Role!.AssumeRolePolicyDocument)).toEqual(JSON.parse(TRUST_ACCOUNT));
    });

    it('AssumeRole allows sessions up to the role’s MaxSessionDuration', async () => {
      await createRole('long-sessions', { MaxSessionDuration: 7200 });
      await t.assume('long-sessions', 'long', 7200);
      expect(await failure(t.assume('long-sessions', 'longer', 7201))).toEqual({
        name: 'ValidationError',
        status: 400,
        message: 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
      });
    });

    it('a role session calls IAM only as far as its identity policies allow', async () => {
      await createRole('watched', { Path: '/watched/' });
      await createRole('iam-reader');
      await admin().send(
        new PutRolePolicyCommand({
          RoleName: 'iam-reader',
          PolicyName: 'read-watched',
          PolicyDocument: policy(allow(['iam:GetRole', 'iam:ListRoleTags'], roleArn('watched/*')), {
            Effect: 'Deny',
            Action: 'iam:ListRoleTags',
            Resource: '*',
          }),
        }),
      );
      const reader = t.iam(await t.assume('iam-reader', 'reader'));
      expect((await reader.send(new GetRoleCommand({ RoleName: 'watched' }))).Role!.Arn).toBe(roleArn('watched/watched'));
      const session = sessionArn('iam-reader', 'reader');
      expect(await failure(reader.send(new GetRoleCommand({ RoleName: 'plain' })))).toEqual({
        name: 'AccessDenied',
        status: 403,
        message: `User: ${session} is not authorized to perform: iam:GetRole on resource: role plain because no identity-based policy allows the iam:GetRole action`,
      });
      expect(await failure(reader.send(new ListRoleTagsCommand({ RoleName: 'watched' })))).toEqual({
        name: 'AccessDenied',
        status: 403,
        message: `User: ${session} is not authorized to perform: iam:ListRoleTags on resource: role watched with an explicit deny in an identity-based policy`,
      });
      expect(await failure(reader.send(new CreateRoleCommand({ RoleName: 'escalated', AssumeRolePolicyDocument: TRUST_ACCOUNT })))).toMatchObject({
        name: 'AccessDenied',
        status: 403,
      });
      expect(await failure(reader.send(new CreatePolicyCommand({ PolicyName: 'escalated', PolicyDocument: policy(allow('*')) })))).toEqual({
        name: 'AccessDenied',
        status: 403,
        message: `User: ${session} is not authorized to perform: iam:CreatePolicy on resource: policy ${policyArn('escalated')} because no identity-based policy allows the iam:CreatePolicy action`,
      });
    });
  });

  describe('the deployed stack’s roles', () => {
    it('are read like any role: GetRole, ListRoles, GetRolePolicy, ListRolePolicies, ListAttachedRolePolicies', async () => {
      const role = (await admin().send(new GetRoleCommand({ RoleName: 'StackRole' }))).Role!;
      expect(role).toMatchObject({ RoleName: 'StackRole', Arn: roleArn('StackRole'), MaxSessionDuration: 3600 });
      expect(decoded(role.AssumeRolePolicyDocument)).toEqual(JSON.parse(trusting({ Service: 'lambda.amazonaws.com' })));
      expect((await admin().send(new ListRolesCommand({}))).Roles!.map((r) => r.RoleName)).toContain('StackRole');
      expect((await admin().send(new ListRolePoliciesCommand({ RoleName: 'StackRole' }))).PolicyNames).toEqual(['stack-inline']);
      const inline = await admin().send(new GetRolePolicyCommand({ RoleName: 'StackRole', PolicyName: 'stack-inline' }));
      expect(decoded(inline.PolicyDocument)).toEqual(JSON.parse(policy(allow('sqs:SendMessage'))));
      expect((await admin().send(new ListAttachedRolePoliciesCommand({ RoleName: 'StackRole' }))).AttachedPolicies).toEqual([
        { PolicyName: 'AWSLambdaBasicExecutionRole', PolicyArn: LAMBDA_BASIC },
      ]);
    });

    const changes: [string, () => Promise<unknown>][] = [
      ['DeleteRole', () => admin().send(new DeleteRoleCommand({ RoleName: 'StackRole' }))],
      ['UpdateAssumeRolePolicy', () => admin().send(new UpdateAssumeRolePolicyCommand({ RoleName: 'StackRole', PolicyDocument: TRUST_ACCOUNT }))],
      ['PutRolePolicy', () => admin().send(new PutRolePolicyCommand({ RoleName: 'StackRole', PolicyName: 'more', PolicyDocument: policy(allow('kms:*')) }))],
      ['DeleteRolePolicy', () => admin().send(new DeleteRolePolicyCommand({ RoleName: 'StackRole', PolicyName: 'stack-inline' }))],
      ['AttachRolePolicy', () => admin().send(new AttachRolePolicyCommand({ RoleName: 'StackRole', PolicyArn: LAMBDA_BASIC }))],
      ['DetachRolePolicy', () => admin().send(new DetachRolePolicyCommand({ RoleName: 'StackRole', PolicyArn: LAMBDA_BASIC }))],
      ['TagRole', () => admin().send(new TagRoleCommand({ RoleName: 'StackRole', Tags: [{ Key: 'k', Value: 'v' }] }))],
      ['UntagRole', () => admin().send(new UntagRoleCommand({ RoleName: 'StackRole', TagKeys: ['k'] }))],
    ];
    it.each(changes)('refuse %s with UnmodifiableEntity: they change only by redeploying', async (_op, change) => {
      expect(await failure(change())).toEqual({ name: 'UnmodifiableEntityException', status: 400, message: STACK_ROLE_REFUSAL });
      const role = t.runtime.identity.getRole('StackRole')!;
      expect({ policies: Object.keys(role.policies), attached: role.managedPolicyArns, trust: role.trustPolicy.Statement[0].Principal }).toEqual({
        policies: ['stack-inline'],
        attached: [LAMBDA_BASIC],
        trust: { Service: 'lambda.amazonaws.com' },
      });
    });
  });
});

describe('IAM state across restarts and resets', () => {
  const dirs: string[] = [];
  const tempDataDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'keydrill-iam-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  /** Runs `body` against a runtime started with `options`, with IAM, KMS and STS clients as the administrator. */
  async function against<T>(options: RuntimeOptions, body: (r: { runtime: Runtime; iam: IAMClient }) => Promise<T>): Promise<T> {
    const runtime = await withRuntime(options);
    const iam = new IAMClient(clientConfig(runtime));
    try {
      return await body({ runtime, iam });
    } finally {
      iam.destroy();
      await runtime.stop();
    }
  }

  it('keeps created roles, policies and attachments across a restart, and a session keeps its permissions', async () => {
    const dataDir = tempDataDir();
    const { keyArn, session } = await against({ dataDir }, async ({ runtime, iam }) => {
      const kms = new KMSClient(clientConfig(runtime));
      const sts = new STSClient(clientConfig(runtime));
      try {
        const keyArn = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.Arn!;
        await iam.send(new CreateRoleCommand({ RoleName: 'durable', AssumeRolePolicyDocument: TRUST_ACCOUNT, Tags: [{ Key: 'k', Value: 'v' }] }));
        const { Policy } = await iam.send(new CreatePolicyCommand({ PolicyName: 'durable-encrypt', PolicyDocument: policy(allow('kms:Encrypt', keyArn)) }));
        await iam.send(new AttachRolePolicyCommand({ RoleName: 'durable', PolicyArn: Policy!.Arn }));
        const c = (await sts.send(new AssumeRoleCommand({ RoleArn: roleArn('durable'), RoleSessionName: 'durable-session' }))).Credentials!;
        return { keyArn, session: { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! } };
      } finally {
        kms.destroy();
        sts.destroy();
      }
    });
    await against({ dataDir }, async ({ runtime, iam }) => {
      expect((await iam.send(new GetRoleCommand({ RoleName: 'durable' }))).Role!.Tags).toEqual([{ Key: 'k', Value: 'v' }]);
      expect((await iam.send(new GetPolicyCommand({ PolicyArn: policyArn('durable-encrypt') }))).Policy!.AttachmentCount).toBe(1);
      const kms = new KMSClient(clientConfig(runtime, session));
      try {
        expect((await kms.send(new EncryptCommand({ KeyId: keyArn, Plaintext: Buffer.from('x') }))).KeyId).toBe(keyArn);
      } finally {
        kms.destroy();
      }
    });
  });

  it('reset removes the roles and policies made through IAM and redeploys the stack’s roles', async () => {
    await against({ stack: { name: 'IamStack', template } }, async ({ runtime, iam }) => {
      await iam.send(new CreateRoleCommand({ RoleName: 'ephemeral', AssumeRolePolicyDocument: TRUST_ACCOUNT }));
      await iam.send(new CreatePolicyCommand({ PolicyName: 'ephemeral-policy', PolicyDocument: policy(allow('sqs:*')) }));
      await runtime.reset();
      expect(await failure(iam.send(new GetRoleCommand({ RoleName: 'ephemeral' })))).toMatchObject({ name: 'NoSuchEntityException' });
      expect(await failure(iam.send(new GetPolicyCommand({ PolicyArn: policyArn('ephemeral-policy') })))).toMatchObject({ name: 'NoSuchEntityException' });
      expect((await iam.send(new GetRoleCommand({ RoleName: 'StackRole' }))).Role!.RoleName).toBe('StackRole');
      // The name is free again.
      await iam.send(new CreatePolicyCommand({ PolicyName: 'ephemeral-policy', PolicyDocument: policy(allow('sqs:*')) }));
    });
  });

  it('loads an identity file written before IAM (format 1): its roles are the stack’s and its keys still work', async () => {
    const dataDir = tempDataDir();
    mkdirSync(join(dataDir, 'state'));
    copyFileSync(join(__dirname, '..', 'fixtures', 'identity', 'format-1.json'), join(dataDir, 'state', 'identity.json'));
    await against({ dataDir }, async ({ runtime, iam }) => {
      expect(runtime.env.AWS_ACCESS_KEY_ID).toBe('AKIAS3ZEXP3G63VQATTX');
      const role = (await iam.send(new GetRoleCommand({ RoleName: 'recorded-role' }))).Role!;
      expect(role).toMatchObject({ RoleId: 'AROA896CC8A0030B5FEA', MaxSessionDuration: 3600, CreateDate: new Date('2026-12-01T22:57:50.766Z') });
      expect((await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'recorded-role' }))).AttachedPolicies).toEqual([
        { PolicyName: 'AWSLambdaBasicExecutionRole', PolicyArn: LAMBDA_BASIC },
      ]);
      expect(await failure(iam.send(new DeleteRolePolicyCommand({ RoleName: 'recorded-role', PolicyName: 'queues' })))).toMatchObject({
        name: 'UnmodifiableEntityException',
      });
      await iam.send(new CreatePolicyCommand({ PolicyName: 'after-upgrade', PolicyDocument: policy(allow('sqs:*')) }));
      expect(runtime.identity.resolveAccessKey('ASIA2PIA7DAWO3VKE56N', new Date())?.principal.arn).toBe(sessionArn('recorded-role', 'keydrill'));
    });
  });
});
