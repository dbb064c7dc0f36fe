import {
  CreateGrantCommand,
  DecryptCommand,
  DescribeKeyCommand,
  EncryptCommand,
  GenerateDataKeyCommand,
  ListGrantsCommand,
  RevokeGrantCommand,
  type KMSClient,
} from '@aws-sdk/client-kms';
import type { CfnTemplate } from '../../runtime/bootstrap/template';
import type { ServiceError } from '../../runtime/core/errors';
import type { Principal } from '../../runtime/identity/principal';
import { kmsTarget, rawRequest } from '../helpers/raw-request';
import { rejectionOf, useRuntime } from '../helpers/runtime';

const ACCOUNT = '000000000000';
const ROOT_ARN = `arn:aws:iam::${ACCOUNT}:root`;
const QLDB = 'qldb.us-east-1.amazonaws.com';
const ROLES = ['AppRole', 'NoGrantRole', 'DenyRole', 'DelegatedRole'] as const;
type RoleName = (typeof ROLES)[number];
type Caller = RoleName | 'admin';

const roleArn = (name: RoleName) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
const sessionArn = (name: RoleName) => `arn:aws:sts::${ACCOUNT}:assumed-role/${name}/keydrill`;
const callerArn = (caller: Caller) => (caller === 'admin' ? ROOT_ARN : sessionArn(caller));

/** The key administrators' statement of the project's key policies: management only, no cryptography. */
const KEY_ADMINISTRATION_ACTIONS = [
  'kms:Create*', 'kms:Describe*', 'kms:Enable*', 'kms:List*', 'kms:Put*', 'kms:Update*', 'kms:Revoke*', 'kms:Disable*', 'kms:Get*',
  'kms:Delete*', 'kms:TagResource', 'kms:UntagResource', 'kms:ScheduleKeyDeletion', 'kms:CancelKeyDeletion', 'kms:RotateKeyOnDemand',
];
const rootAdministers = { Sid: 'Account root administers', Effect: 'Allow', Principal: { AWS: { 'Fn::Sub': 'arn:aws:iam::${AWS::AccountId}:root' } }, Action: KEY_ADMINISTRATION_ACTIONS, Resource: '*' };
const rootDelegatesToIam = { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: { 'Fn::Sub': 'arn:aws:iam::${AWS::AccountId}:root' } }, Action: 'kms:*', Resource: '*' };
const appRole = { 'Fn::GetAtt': ['AppRole', 'Arn'] };
const trustAccountRoot = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: { 'Fn::Sub': 'arn:aws:iam::${AWS::AccountId}:root' } }, Action: 'sts:AssumeRole' }] };
const keyPolicy = (...statements: object[]) => ({ Version: '2012-10-17', Statement: statements });
const role = (name: RoleName, policies: object[] = []) => ({ Type: 'AWS::IAM::Role', Properties: { RoleName: name, AssumeRolePolicyDocument: trustAccountRoot, Policies: policies } });

const template: CfnTemplate = {
  Resources: {
    AppRole: role('AppRole'),
    NoGrantRole: role('NoGrantRole'),
    DenyRole: role('DenyRole', [
      {
        PolicyName: 'crypto-but-never-decrypt',
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Action: ['kms:Encrypt', 'kms:Decrypt'], Resource: '*' },
            { Effect: 'Deny', Action: 'kms:Decrypt', Resource: '*' },
          ],
        },
      },
    ]),
    DelegatedRole: role('DelegatedRole'),
    // Attached separately, as CDK synthesizes `role.addToPolicy`.
    DelegatedRolePolicy: {
      Type: 'AWS::IAM::Policy',
      Properties: {
        PolicyName: 'DelegatedRoleCrypto',
        Roles: [{ Ref: 'DelegatedRole' }],
        PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['kms:Encrypt', 'kms:Decrypt'], Resource: '*' }] },
      },
    },
    NamedKey: {
      Type: 'AWS::KMS::Key',
      Properties: {
        Description: 'names AppRole; the root administers only',
        KeyPolicy: keyPolicy(rootAdministers, { Sid: 'App uses the key', Effect: 'Allow', Principal: { AWS: appRole }, Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:DescribeKey'], Resource: '*' }),
      },
    },
    DelegatingKey: { Type: 'AWS::KMS::Key', Properties: { Description: 'default-style policy', KeyPolicy: keyPolicy(rootDelegatesToIam), EnableKeyRotation: true } },
    DenyingKey: {
      Type: 'AWS::KMS::Key',
      Properties: {
        Description: 'denies AppRole decryption in the key policy',
        KeyPolicy: keyPolicy(
          rootDelegatesToIam,
          { Sid: 'App uses the key', Effect: 'Allow', Principal: { AWS: appRole }, Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:DescribeKey'], Resource: '*' },
          { Sid: 'App never decrypts', Effect: 'Deny', Principal: { AWS: appRole }, Action: 'kms:Decrypt', Resource: '*' },
        ),
      },
    },
    ConditionalKey: {
      Type: 'AWS::KMS::Key',
      Properties: {
        Description: 'conditions used by the project',
        KeyPolicy: keyPolicy(
          rootAdministers,
          {
            Sid: 'QLDB may use the key for the ledger',
            Effect: 'Allow',
            Principal: { AWS: { 'Fn::Sub': 'arn:aws:iam::${AWS::AccountId}:root' } },
            Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
            Resource: '*',
            Condition: { StringEquals: { 'kms:ViaService': { 'Fn::Sub': 'qldb.${AWS::Region}.amazonaws.com' }, 'kms:CallerAccount': { Ref: 'AWS::AccountId' } } },
          },
          { Sid: 'App creates grants for AWS resources only', Effect: 'Allow', Principal: { AWS: appRole }, Action: 'kms:CreateGrant', Resource: '*', Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' } } },
          { Sid: 'App encrypts for its tenant', Effect: 'Allow', Principal: { AWS: appRole }, Action: 'kms:Encrypt', Resource: '*', Condition: { StringEquals: { 'kms:EncryptionContext:tenant': 'acme' } } },
          {
            Sid: 'Only NoGrantRole may generate data keys',
            Effect: 'Allow',
            Principal: { AWS: '*' },
            Action: 'kms:GenerateDataKey',
            Resource: '*',
            Condition: { ArnEquals: { 'aws:PrincipalArn': { 'Fn::GetAtt': ['NoGrantRole', 'Arn'] } } },
          },
        ),
      },
    },
  },
  Outputs: {
    NamedKeyArn: { Value: { 'Fn::GetAtt': ['NamedKey', 'Arn'] } },
    DelegatingKeyArn: { Value: { 'Fn::GetAtt': ['DelegatingKey', 'Arn'] } },
    DenyingKeyArn: { Value: { 'Fn::GetAtt': ['DenyingKey', 'Arn'] } },
    ConditionalKeyArn: { Value: { 'Fn::GetAtt': ['ConditionalKey', 'Arn'] } },
  },
};

type KeyName = 'NamedKey' | 'DelegatingKey' | 'DenyingKey';

const env = useRuntime({ stack: { name: 'AuthzStack', template } });
const clients = {} as Record<Caller, KMSClient>;
const keyArn = {} as Record<KeyName | 'ConditionalKey', string>;
/** A ciphertext of each key, made by a principal the key lets encrypt. */
const ciphertext = {} as Record<KeyName, Uint8Array>;

beforeAll(async () => {
  clients.admin = env.clients.kms;
  for (const name of ROLES) clients[name] = env.clientsAs(env.runtime.roleCredentials(name)).kms;
  for (const key of ['NamedKey', 'DelegatingKey', 'DenyingKey', 'ConditionalKey'] as const) keyArn[key] = env.runtime.outputs[`${key}Arn`];
  const encryptWith = async (client: KMSClient, key: KeyName) =>
    (await client.send(new EncryptCommand({ KeyId: keyArn[key], Plaintext: Buffer.from(`secret of ${key}`) }))).CiphertextBlob!;
  ciphertext.NamedKey = await encryptWith(clients.AppRole, 'NamedKey');
  ciphertext.DelegatingKey = await encryptWith(clients.admin, 'DelegatingKey');
  ciphertext.DenyingKey = await encryptWith(clients.admin, 'DenyingKey');
});

type Action = 'Encrypt' | 'Decrypt' | 'DescribeKey';
type Outcome = 'allow' | 'no resource-based policy' | 'no identity-based policy' | 'explicit deny resource' | 'explicit deny identity';

function send(caller: Caller, action: Action, key: KeyName) {
  const client = clients[caller];
  if (action === 'Encrypt') return client.send(new EncryptCommand({ KeyId: keyArn[key], Plaintext: Buffer.from('x') }));
  if (action === 'Decrypt') return client.send(new DecryptCommand({ CiphertextBlob: ciphertext[key] }));
  return client.send(new DescribeKeyCommand({ KeyId: keyArn[key] }));
}

function deniedMessage(principalArn: string, action: string, resource: string, outcome: Exclude<Outcome, 'allow'>): string {
  const prefix = `User: ${principalArn} is not authorized to perform: kms:${action} on resource: ${resource}`;
  switch (outcome) {
    case 'explicit deny resource':
      return `${prefix} with an explicit deny in a resource-based policy`;
    case 'explicit deny identity':
      return `${prefix} with an explicit deny in an identity-based policy`;
    default:
      return `${prefix} because ${outcome} allows the kms:${action} action`;
  }
}

async function expectDenied(promise: Promise<unknown>, principalArn: string, action: string, resource: string, outcome: Exclude<Outcome, 'allow'>) {
  const err = await rejectionOf(promise);
  expect(err.name).toBe('AccessDeniedException');
  expect(err.$metadata?.httpStatusCode).toBe(400);
  expect(err.message).toBe(deniedMessage(principalArn, action, resource, outcome));
}

describe('the policy matrix', () => {
  const matrix: [Caller, KeyName, Action, Outcome][] = [
    // NamedKey: the key policy names AppRole; the root statement delegates administration only.
    ['AppRole', 'NamedKey', 'Encrypt', 'allow'],
    ['AppRole', 'NamedKey', 'Decrypt', 'allow'],
    ['AppRole', 'NamedKey', 'DescribeKey', 'allow'],
    ['NoGrantRole', 'NamedKey', 'Encrypt', 'no resource-based policy'],
    ['NoGrantRole', 'NamedKey', 'Decrypt', 'no resource-based policy'],
    ['NoGrantRole', 'NamedKey', 'DescribeKey', 'no identity-based policy'],
    ['DenyRole', 'NamedKey', 'Encrypt', 'no resource-based policy'],
    ['DenyRole', 'NamedKey', 'Decrypt', 'explicit deny identity'],
    ['DelegatedRole', 'NamedKey', 'Encrypt', 'no resource-based policy'],
    ['DelegatedRole', 'NamedKey', 'Decrypt', 'no resource-based policy'],
    ['DelegatedRole', 'NamedKey', 'DescribeKey', 'no identity-based policy'],
    ['admin', 'NamedKey', 'Encrypt', 'no resource-based policy'],
    ['admin', 'NamedKey', 'Decrypt', 'no resource-based policy'],
    ['admin', 'NamedKey', 'DescribeKey', 'allow'],
    // DelegatingKey: root `kms:*`, so every role needs an identity policy.
    ['AppRole', 'DelegatingKey', 'Encrypt', 'no identity-based policy'],
    ['AppRole', 'DelegatingKey', 'Decrypt', 'no identity-based policy'],
    ['NoGrantRole', 'DelegatingKey', 'Encrypt', 'no identity-based policy'],
    ['NoGrantRole', 'DelegatingKey', 'Decrypt', 'no identity-based policy'],
    ['DenyRole', 'DelegatingKey', 'Encrypt', 'allow'],
    ['DenyRole', 'DelegatingKey', 'Decrypt', 'explicit deny identity'],
    ['DelegatedRole', 'DelegatingKey', 'Encrypt', 'allow'],
    ['DelegatedRole', 'DelegatingKey', 'Decrypt', 'allow'],
    ['DelegatedRole', 'DelegatingKey', 'DescribeKey', 'no identity-based policy'],
    ['admin', 'DelegatingKey', 'Encrypt', 'allow'],
    ['admin', 'DelegatingKey', 'Decrypt', 'allow'],
    // DenyingKey: root `kms:*`, AppRole named for use, and a key-policy Deny of AppRole's decryption.
    ['AppRole', 'DenyingKey', 'Encrypt', 'allow'],
    ['AppRole', 'DenyingKey', 'Decrypt', 'explicit deny resource'],
    ['AppRole', 'DenyingKey', 'DescribeKey', 'allow'],
    ['NoGrantRole', 'DenyingKey', 'Decrypt', 'no identity-based policy'],
    ['DenyRole', 'DenyingKey', 'Encrypt', 'allow'],
    ['DenyRole', 'DenyingKey', 'Decrypt', 'explicit deny identity'],
    ['DelegatedRole', 'DenyingKey', 'Encrypt', 'allow'],
    ['DelegatedRole', 'DenyingKey', 'Decrypt', 'allow'],
    ['admin', 'DenyingKey', 'Decrypt', 'allow'],
  ];

  it.each(matrix)('%s → %s %s: %s', async (caller, key, action, outcome) => {
    if (outcome === 'allow') {
      const out = await send(caller, action, key);
      if (action === 'Decrypt') expect(Buffer.from((out as { Plaintext: Uint8Array }).Plaintext).toString()).toBe(`secret of ${key}`);
      else if (action === 'Encrypt') expect((out as { KeyId: string }).KeyId).toBe(keyArn[key]);
      else expect((out as { KeyMetadata: { Arn: string } }).KeyMetadata.Arn).toBe(keyArn[key]);
    } else {
      await expectDenied(send(caller, action, key), callerArn(caller), action, keyArn[key], outcome);
    }
  });

  it('names the key, not the alias or key id the caller used, as the resource', async () => {
    const keyId = keyArn.DelegatingKey.split('/').pop()!;
    await expectDenied(clients.AppRole.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('x') })), sessionArn('AppRole'), 'Encrypt', keyArn.DelegatingKey, 'no identity-based policy');
  });

  it('sends AccessDeniedException with `Message` (capital M), as KMS does', async () => {
    // The administrator may not encrypt with NamedKey: the root statement grants administration only.
    const res = await rawRequest(env.runtime, { headers: kmsTarget('Encrypt'), body: JSON.stringify({ KeyId: keyArn.NamedKey, Plaintext: Buffer.from('x').toString('base64') }) });
    expect(res.status).toBe(400);
    expect(res.headers.get('x-amzn-errortype')).toBe('AccessDeniedException');
    expect(res.json()).toEqual({
      __type: 'AccessDeniedException',
      Message: deniedMessage(ROOT_ARN, 'Encrypt', keyArn.NamedKey, 'no resource-based policy'),
    });
  });
});

describe('grants', () => {
  const context = { tenant: 'acme', purpose: 'ledger' };
  let contextCiphertext: Uint8Array;

  beforeAll(async () => {
    contextCiphertext = (await clients.AppRole.send(new EncryptCommand({ KeyId: keyArn.NamedKey, Plaintext: Buffer.from('granted'), EncryptionContext: context }))).CiphertextBlob!;
  });

  const decryptAs = (caller: Caller, blob: Uint8Array, encryptionContext?: Record<string, string>) =>
    clients[caller].send(new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: encryptionContext }));
  const createGrant = async (grantee: RoleName, operations: ('Decrypt' | 'Encrypt' | 'DescribeKey')[], constraints?: object) =>
    (await clients.admin.send(new CreateGrantCommand({ KeyId: keyArn.NamedKey, GranteePrincipal: roleArn(grantee), Operations: operations, Constraints: constraints }))).GrantId!;
  const revoke = (grantId: string) => clients.admin.send(new RevokeGrantCommand({ KeyId: keyArn.NamedKey, GrantId: grantId }));

  it('authorizes the grantee role’s sessions for the granted operations until revoked', async () => {
    await expectDenied(decryptAs('NoGrantRole', ciphertext.NamedKey), sessionArn('NoGrantRole'), 'Decrypt', keyArn.NamedKey, 'no resource-based policy');
    const grantId = await createGrant('NoGrantRole', ['Decrypt']);
    const listed = await clients.admin.send(new ListGrantsCommand({ KeyId: keyArn.NamedKey }));
    expect(listed.Grants?.map((g) => [g.GrantId, g.GranteePrincipal, g.Operations])).toEqual([[grantId, roleArn('NoGrantRole'), ['Decrypt']]]);

    const out = await decryptAs('NoGrantRole', ciphertext.NamedKey);
    expect(Buffer.from(out.Plaintext!).toString()).toBe('secret of NamedKey');
    expect(out.KeyId).toBe(keyArn.NamedKey);
    // Only the granted operation.
    await expectDenied(send('NoGrantRole', 'Encrypt', 'NamedKey'), sessionArn('NoGrantRole'), 'Encrypt', keyArn.NamedKey, 'no resource-based policy');

    await revoke(grantId);
    await expectDenied(decryptAs('NoGrantRole', ciphertext.NamedKey), sessionArn('NoGrantRole'), 'Decrypt', keyArn.NamedKey, 'no resource-based policy');
  });

  it('does not override an explicit deny', async () => {
    const grantId = await createGrant('DenyRole', ['Decrypt']);
    try {
      await expectDenied(decryptAs('DenyRole', ciphertext.NamedKey), sessionArn('DenyRole'), 'Decrypt', keyArn.NamedKey, 'explicit deny identity');
    } finally {
      await revoke(grantId);
    }
  });

  it('honours EncryptionContextEquals: the request context must be exactly the constraint', async () => {
    const grantId = await createGrant('NoGrantRole', ['Decrypt'], { EncryptionContextEquals: context });
    try {
      expect(Buffer.from((await decryptAs('NoGrantRole', contextCiphertext, { purpose: 'ledger', tenant: 'acme' })).Plaintext!).toString()).toBe('granted');
      // No context, or a context with an extra pair, is outside the grant.
      await expectDenied(decryptAs('NoGrantRole', ciphertext.NamedKey), sessionArn('NoGrantRole'), 'Decrypt', keyArn.NamedKey, 'no resource-based policy');
      const wider = (await clients.AppRole.send(new EncryptCommand({ KeyId: keyArn.NamedKey, Plaintext: Buffer.from('y'), EncryptionContext: { ...context, extra: '1' } }))).CiphertextBlob!;
      await expectDenied(decryptAs('NoGrantRole', wider, { ...context, extra: '1' }), sessionArn('NoGrantRole'), 'Decrypt', keyArn.NamedKey, 'no resource-based policy');
    } finally {
      await revoke(grantId);
    }
  });

  it('honours EncryptionContextSubset: the request context must contain the constraint', async () => {
    const grantId = await createGrant('NoGrantRole', ['Decrypt'], { EncryptionContextSubset: { tenant: 'acme' } });
    try {
      expect(Buffer.from((await decryptAs('NoGrantRole', contextCiphertext, context)).Plaintext!).toString()).toBe('granted');
      await expectDenied(decryptAs('NoGrantRole', ciphertext.NamedKey), sessionArn('NoGrantRole'), 'Decrypt', keyArn.NamedKey, 'no resource-based policy');
      const otherTenant = (await clients.AppRole.send(new EncryptCommand({ KeyId: keyArn.NamedKey, Plaintext: Buffer.from('y'), EncryptionContext: { tenant: 'other' } }))).CiphertextBlob!;
      await expectDenied(decryptAs('NoGrantRole', otherTenant, { tenant: 'other' }), sessionArn('NoGrantRole'), 'Decrypt', keyArn.NamedKey, 'no resource-based policy');
    } finally {
      await revoke(grantId);
    }
  });

  it('matches constraint keys case-insensitively and values case-sensitively', async () => {
    const grantId = await createGrant('NoGrantRole', ['Decrypt'], { EncryptionContextSubset: { TENANT: 'acme' } });
    try {
      expect(Buffer.from((await decryptAs('NoGrantRole', contextCiphertext, context)).Plaintext!).toString()).toBe('granted');
      const upper = (await clients.AppRole.send(new EncryptCommand({ KeyId: keyArn.NamedKey, Plaintext: Buffer.from('y'), EncryptionContext: { tenant: 'ACME' } }))).CiphertextBlob!;
      await expectDenied(decryptAs('NoGrantRole', upper, { tenant: 'ACME' }), sessionArn('NoGrantRole'), 'Decrypt', keyArn.NamedKey, 'no resource-based policy');
    } finally {
      await revoke(grantId);
    }
  });

  it('does not apply constraints to operations without an encryption context (DescribeKey)', async () => {
    const grantId = await createGrant('NoGrantRole', ['DescribeKey'], { EncryptionContextEquals: context });
    try {
      const out = await clients.NoGrantRole.send(new DescribeKeyCommand({ KeyId: keyArn.NamedKey }));
      expect(out.KeyMetadata?.Arn).toBe(keyArn.NamedKey);
    } finally {
      await revoke(grantId);
    }
    await expectDenied(send('NoGrantRole', 'DescribeKey', 'NamedKey'), sessionArn('NoGrantRole'), 'DescribeKey', keyArn.NamedKey, 'no identity-based policy');
  });
});

describe('conditions the project relies on', () => {
  const principalOf = (name: RoleName): Principal => env.runtime.identity.resolveAccessKey(env.runtime.roleCredentials(name).accessKeyId, new Date())!.principal;
  const internalCall = async (name: RoleName, operation: string, input: object, viaService?: string) =>
    env.runtime.dispatcher.call<Record<string, unknown>>('kms', operation, input, { principal: principalOf(name), ...(viaService ? { viaService } : {}) });
  const internalRejection = async (promise: Promise<unknown>) => (await rejectionOf(promise)) as unknown as ServiceError;
  let tenantCiphertext: Uint8Array;

  beforeAll(async () => {
    tenantCiphertext = (await clients.AppRole.send(new EncryptCommand({ KeyId: keyArn.ConditionalKey, Plaintext: Buffer.from('tenant data'), EncryptionContext: { tenant: 'acme' } }))).CiphertextBlob!;
  });

  describe('kms:ViaService (with kms:CallerAccount, delegated to IAM through the account root)', () => {
    it('does not allow a direct call', async () => {
      await expectDenied(
        clients.DelegatedRole.send(new DecryptCommand({ CiphertextBlob: tenantCiphertext, EncryptionContext: { tenant: 'acme' } })),
        sessionArn('DelegatedRole'),
        'Decrypt',
        keyArn.ConditionalKey,
        'no resource-based policy',
      );
    });

    it('allows the call when QLDB makes it for a principal whose identity policy allows it', async () => {
      const out = await internalCall('DelegatedRole', 'Decrypt', { CiphertextBlob: tenantCiphertext, EncryptionContext: { tenant: 'acme' } }, QLDB);
      expect(Buffer.from(out.Plaintext as Uint8Array).toString()).toBe('tenant data');
      expect(out.KeyId).toBe(keyArn.ConditionalKey);
    });

    it('still needs the identity policy, because the statement names the account', async () => {
      const err = await internalRejection(internalCall('AppRole', 'Decrypt', { CiphertextBlob: tenantCiphertext, EncryptionContext: { tenant: 'acme' } }, QLDB));
      expect(err.code).toBe('AccessDeniedException');
      expect(err.message).toBe(deniedMessage(sessionArn('AppRole'), 'Decrypt', keyArn.ConditionalKey, 'no identity-based policy'));
    });

    it('does not allow another service', async () => {
      const err = await internalRejection(internalCall('DelegatedRole', 'Decrypt', { CiphertextBlob: tenantCiphertext, EncryptionContext: { tenant: 'acme' } }, 'dynamodb.us-east-1.amazonaws.com'));
      expect(err.code).toBe('AccessDeniedException');
      expect(err.message).toBe(deniedMessage(sessionArn('DelegatedRole'), 'Decrypt', keyArn.ConditionalKey, 'no resource-based policy'));
    });
  });

  describe('kms:GrantIsForAWSResource', () => {
    const grantInput = () => ({ KeyId: keyArn.ConditionalKey, GranteePrincipal: 'qldb.amazonaws.com', Operations: ['Decrypt' as const, 'Encrypt' as const] });

    it('refuses a grant the principal creates directly', async () => {
      // The conditional statement does not apply; the administrators' `kms:Create*` still names the
      // account, so KMS reports the missing identity policy.
      await expectDenied(
        clients.AppRole.send(new CreateGrantCommand(grantInput())),
        sessionArn('AppRole'),
        'CreateGrant',
        keyArn.ConditionalKey,
        'no identity-based policy',
      );
    });

    it('allows the grant when an integrated service creates it for the principal', async () => {
      const out = await internalCall('AppRole', 'CreateGrant', grantInput(), QLDB);
      expect(out.GrantId).toMatch(/^[0-9a-f]{64}$/);
      const grants = await clients.admin.send(new ListGrantsCommand({ KeyId: keyArn.ConditionalKey }));
      expect(grants.Grants?.map((g) => g.GrantId)).toEqual([out.GrantId]);
      await clients.admin.send(new RevokeGrantCommand({ KeyId: keyArn.ConditionalKey, GrantId: out.GrantId as string }));
    });
  });

  describe('kms:EncryptionContext:<key>', () => {
    it('allows the request only with the required pair', async () => {
      const out = await clients.AppRole.send(new EncryptCommand({ KeyId: keyArn.ConditionalKey, Plaintext: Buffer.from('x'), EncryptionContext: { tenant: 'acme', purpose: 'any' } }));
      expect(out.KeyId).toBe(keyArn.ConditionalKey);
      for (const encryptionContext of [undefined, { tenant: 'other' }, { tenant: 'ACME' }, { purpose: 'acme' }] as (Record<string, string> | undefined)[]) {
        await expectDenied(
          clients.AppRole.send(new EncryptCommand({ KeyId: keyArn.ConditionalKey, Plaintext: Buffer.from('x'), EncryptionContext: encryptionContext })),
          sessionArn('AppRole'),
          'Encrypt',
          keyArn.ConditionalKey,
          'no resource-based policy',
        );
      }
    });

    it('treats the context key in the condition key name case-insensitively', async () => {
      const out = await clients.AppRole.send(new EncryptCommand({ KeyId: keyArn.ConditionalKey, Plaintext: Buffer.from('x'), EncryptionContext: { Tenant: 'acme' } }));
      expect(out.KeyId).toBe(keyArn.ConditionalKey);
    });
  });

  describe('aws:PrincipalArn', () => {
    it('is the role ARN of the calling session', async () => {
      const out = await clients.NoGrantRole.send(new GenerateDataKeyCommand({ KeyId: keyArn.ConditionalKey, KeySpec: 'AES_256' }));
      expect(out.KeyId).toBe(keyArn.ConditionalKey);
      expect(out.Plaintext).toHaveLength(32);
    });

    it('admits no other principal, whatever its own permissions', async () => {
      for (const caller of ['AppRole', 'DelegatedRole'] as const) {
        await expectDenied(
          clients[caller].send(new GenerateDataKeyCommand({ KeyId: keyArn.ConditionalKey, KeySpec: 'AES_256' })),
          sessionArn(caller),
          'GenerateDataKey',
          keyArn.ConditionalKey,
          'no resource-based policy',
        );
      }
      await expectDenied(clients.admin.send(new GenerateDataKeyCommand({ KeyId: keyArn.ConditionalKey, KeySpec: 'AES_256' })), ROOT_ARN, 'GenerateDataKey', keyArn.ConditionalKey, 'no resource-based policy');
    });
  });
});
