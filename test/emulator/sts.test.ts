import { DecryptCommand, DescribeKeyCommand, EncryptCommand, ListKeysCommand } from '@aws-sdk/client-kms';
import { AssumeRoleCommand, GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import type { CfnTemplate } from '../../runtime/bootstrap/template';
import { rejectionOf, useRuntime } from '../helpers/runtime';
import type { ClientCredentials } from '../helpers/service-clients';

const ACCOUNT = '000000000000';
const ROOT_ARN = `arn:aws:iam::${ACCOUNT}:root`;
const roleArn = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
const sessionArn = (role: string, session: string) => `arn:aws:sts::${ACCOUNT}:assumed-role/${role}/${session}`;
const assumeDenied = (caller: string, role: string) => `User: ${caller} is not authorized to perform: sts:AssumeRole on resource: ${role}`;

const trust = (principal: object) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' }] });
const trustAccountRoot = trust({ AWS: { 'Fn::Sub': 'arn:aws:iam::${AWS::AccountId}:root' } });
const inline = (name: string, ...statements: object[]) => ({ PolicyName: name, PolicyDocument: { Version: '2012-10-17', Statement: statements } });

const template: CfnTemplate = {
  Resources: {
    TargetRole: {
      Type: 'AWS::IAM::Role',
      Properties: {
        RoleName: 'TargetRole',
        AssumeRolePolicyDocument: trustAccountRoot,
        Policies: [inline('use-keys', { Effect: 'Allow', Action: ['kms:Encrypt', 'kms:DescribeKey'], Resource: '*' })],
      },
    },
    LambdaOnlyRole: { Type: 'AWS::IAM::Role', Properties: { RoleName: 'LambdaOnlyRole', AssumeRolePolicyDocument: trust({ Service: 'lambda.amazonaws.com' }) } },
    HopperRole: {
      Type: 'AWS::IAM::Role',
      Properties: {
        RoleName: 'HopperRole',
        AssumeRolePolicyDocument: trustAccountRoot,
        Policies: [inline('may-assume-target', { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: { 'Fn::GetAtt': ['TargetRole', 'Arn'] } })],
      },
    },
    NoHopRole: { Type: 'AWS::IAM::Role', Properties: { RoleName: 'NoHopRole', AssumeRolePolicyDocument: trustAccountRoot } },
    TrustsNoHopRole: {
      Type: 'AWS::IAM::Role',
      Properties: { RoleName: 'TrustsNoHopRole', AssumeRolePolicyDocument: trust({ AWS: { 'Fn::GetAtt': ['NoHopRole', 'Arn'] } }) },
    },
    AppKey: {
      Type: 'AWS::KMS::Key',
      Properties: {
        KeyPolicy: {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { AWS: { 'Fn::Sub': 'arn:aws:iam::${AWS::AccountId}:root' } }, Action: 'kms:*', Resource: '*' }],
        },
      },
    },
  },
  Outputs: { AppKeyArn: { Value: { 'Fn::GetAtt': ['AppKey', 'Arn'] } } },
};

const env = useRuntime({ stack: { name: 'StsStack', template } });
let admin: STSClient;
let keyArn: string;
const sts = (credentials: ClientCredentials) => env.clientsAs(credentials).sts;
const kms = (credentials: ClientCredentials) => env.clientsAs(credentials).kms;

async function assume(client: STSClient, role: string, session: string, durationSeconds?: number) {
  const out = await client.send(new AssumeRoleCommand({ RoleArn: roleArn(role), RoleSessionName: session, DurationSeconds: durationSeconds }));
  const c = out.Credentials!;
  return { out, credentials: { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! } };
}

async function expectError(promise: Promise<unknown>, name: string, status: number, message?: string) {
  const err = await rejectionOf(promise);
  expect(err.name).toBe(name);
  expect(err.$metadata?.httpStatusCode).toBe(status);
  if (message !== undefined) expect(err.message).toBe(message);
}

beforeAll(async () => {
  admin = env.clients.sts;
  keyArn = env.runtime.outputs.AppKeyArn;
});
afterEach(() => env.runtime.clock.reset());

describe('GetCallerIdentity', () => {
  it('identifies the administrator as the account root', async () => {
    const out = await admin.send(new GetCallerIdentityCommand({}));
    expect({ UserId: out.UserId, Account: out.Account, Arn: out.Arn }).toEqual({ UserId: ACCOUNT, Account: ACCOUNT, Arn: ROOT_ARN });
    expect(out.$metadata.httpStatusCode).toBe(200);
    expect(out.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('identifies a role session by its assumed-role ARN and `<RoleId>:<session>`', async () => {
    const roleId = env.runtime.identity.getRole('TargetRole')!.roleId;
    expect(roleId).toMatch(/^AROA[0-9A-Z]{16}$/);
    const out = await sts(env.runtime.roleCredentials('TargetRole')).send(new GetCallerIdentityCommand({}));
    expect({ UserId: out.UserId, Account: out.Account, Arn: out.Arn }).toEqual({
      UserId: `${roleId}:keydrill`,
      Account: ACCOUNT,
      Arn: sessionArn('TargetRole', 'keydrill'),
    });
  });
});

describe('AssumeRole', () => {
  it('issues temporary credentials for a role trusting the account root', async () => {
    const before = env.runtime.clock.now().getTime();
    const { out, credentials } = await assume(admin, 'TargetRole', 'drill-1');
    const roleId = env.runtime.identity.getRole('TargetRole')!.roleId;
    expect(out.AssumedRoleUser).toEqual({ Arn: sessionArn('TargetRole', 'drill-1'), AssumedRoleId: `${roleId}:drill-1` });
    expect(credentials.accessKeyId).toMatch(/^ASIA[0-9A-Z]{16}$/);
    expect(credentials.secretAccessKey).toHaveLength(40);
    expect(credentials.sessionToken.length).toBeGreaterThan(0);
    // The default session lasts an hour.
    const lifetime = out.Credentials!.Expiration!.getTime() - before;
    expect(lifetime).toBeGreaterThan(3595_000);
    expect(lifetime).toBeLessThanOrEqual(3601_000);

    const identity = await sts(credentials).send(new GetCallerIdentityCommand({}));
    expect({ UserId: identity.UserId, Arn: identity.Arn }).toEqual({ UserId: `${roleId}:drill-1`, Arn: sessionArn('TargetRole', 'drill-1') });
  });

  it('issues credentials that KMS authorizes as the session', async () => {
    const { credentials } = await assume(admin, 'TargetRole', 'kms-user');
    const client = kms(credentials);
    const encrypted = await client.send(new EncryptCommand({ KeyId: keyArn, Plaintext: Buffer.from('hello') }));
    expect(encrypted.KeyId).toBe(keyArn);
    expect((await client.send(new DescribeKeyCommand({ KeyId: keyArn }))).KeyMetadata?.Arn).toBe(keyArn);
    // The role's identity policy does not allow Decrypt; the denial names this session.
    const err = await rejectionOf(client.send(new DecryptCommand({ CiphertextBlob: encrypted.CiphertextBlob })));
    expect(err.name).toBe('AccessDeniedException');
    expect(err.message).toBe(
      `User: ${sessionArn('TargetRole', 'kms-user')} is not authorized to perform: kms:Decrypt on resource: ${keyArn} because no identity-based policy allows the kms:Decrypt action`,
    );
  });

  it('honours a shorter DurationSeconds', async () => {
    const before = env.runtime.clock.now().getTime();
    const { out } = await assume(admin, 'TargetRole', 'short', 900);
    const lifetime = out.Credentials!.Expiration!.getTime() - before;
    expect(lifetime).toBeGreaterThan(895_000);
    expect(lifetime).toBeLessThanOrEqual(901_000);
  });

  it('refuses a role whose trust policy does not allow the caller', async () => {
    await expectError(admin.send(new AssumeRoleCommand({ RoleArn: roleArn('LambdaOnlyRole'), RoleSessionName: 's1' })), 'AccessDenied', 403, assumeDenied(ROOT_ARN, roleArn('LambdaOnlyRole')));
    const session = sts(env.runtime.roleCredentials('HopperRole'));
    await expectError(
      session.send(new AssumeRoleCommand({ RoleArn: roleArn('LambdaOnlyRole'), RoleSessionName: 's1' })),
      'AccessDenied',
      403,
      assumeDenied(sessionArn('HopperRole', 'keydrill'), roleArn('LambdaOnlyRole')),
    );
  });

  it('refuses an unknown role with AccessDenied, revealing nothing', async () => {
    const missing = roleArn('NoSuchRole');
    await expectError(admin.send(new AssumeRoleCommand({ RoleArn: missing, RoleSessionName: 's1' })), 'AccessDenied', 403, assumeDenied(ROOT_ARN, missing));
    const otherAccount = 'arn:aws:iam::111122223333:role/TargetRole';
    await expectError(admin.send(new AssumeRoleCommand({ RoleArn: otherAccount, RoleSessionName: 's1' })), 'AccessDenied', 403, assumeDenied(ROOT_ARN, otherAccount));
  });

  describe('from a role session', () => {
    it('needs sts:AssumeRole in its identity policy when the trust policy names the account', async () => {
      const hopper = sts(env.runtime.roleCredentials('HopperRole'));
      const { out } = await assume(hopper, 'TargetRole', 'hop');
      expect(out.AssumedRoleUser?.Arn).toBe(sessionArn('TargetRole', 'hop'));

      const noHop = sts(env.runtime.roleCredentials('NoHopRole'));
      await expectError(
        noHop.send(new AssumeRoleCommand({ RoleArn: roleArn('TargetRole'), RoleSessionName: 'hop' })),
        'AccessDenied',
        403,
        assumeDenied(sessionArn('NoHopRole', 'keydrill'), roleArn('TargetRole')),
      );
    });

    it('is limited by the identity policy to the roles it names', async () => {
      const hopper = sts(env.runtime.roleCredentials('HopperRole'));
      await expectError(
        hopper.send(new AssumeRoleCommand({ RoleArn: roleArn('NoHopRole'), RoleSessionName: 'hop' })),
        'AccessDenied',
        403,
        assumeDenied(sessionArn('HopperRole', 'keydrill'), roleArn('NoHopRole')),
      );
    });

    it('needs no identity policy when the trust policy names its role', async () => {
      const noHop = sts(env.runtime.roleCredentials('NoHopRole'));
      const { out, credentials } = await assume(noHop, 'TrustsNoHopRole', 'direct');
      expect(out.AssumedRoleUser?.Arn).toBe(sessionArn('TrustsNoHopRole', 'direct'));
      expect((await sts(credentials).send(new GetCallerIdentityCommand({}))).Arn).toBe(sessionArn('TrustsNoHopRole', 'direct'));
      // The trust names NoHopRole, not the account: the administrator may not assume it.
      await expectError(
        admin.send(new AssumeRoleCommand({ RoleArn: roleArn('TrustsNoHopRole'), RoleSessionName: 's1' })),
        'AccessDenied',
        403,
        assumeDenied(ROOT_ARN, roleArn('TrustsNoHopRole')),
      );
    });
  });

  describe('validation', () => {
    it.each([
      ['a space', 'bad name'],
      ['a character outside [\\w+=,.@-]', 'drill#1'],
    ])('rejects a RoleSessionName with %s', async (_name, session) => {
      const err = await rejectionOf(admin.send(new AssumeRoleCommand({ RoleArn: roleArn('TargetRole'), RoleSessionName: session })));
      expect(err.name).toBe('ValidationError');
      expect(err.$metadata?.httpStatusCode).toBe(400);
      expect(err.message).toMatch(new RegExp(`^1 validation error detected: Value '${session}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: `));
    });

    it('rejects a RoleSessionName that is too short or too long', async () => {
      await expectError(
        admin.send(new AssumeRoleCommand({ RoleArn: roleArn('TargetRole'), RoleSessionName: 'a' })),
        'ValidationError',
        400,
        "1 validation error detected: Value 'a' at 'roleSessionName' failed to satisfy constraint: Member must have length greater than or equal to 2",
      );
      const long = 's'.repeat(65);
      await expectError(
        admin.send(new AssumeRoleCommand({ RoleArn: roleArn('TargetRole'), RoleSessionName: long })),
        'ValidationError',
        400,
        `1 validation error detected: Value '${long}' at 'roleSessionName' failed to satisfy constraint: Member must have length less than or equal to 64`,
      );
    });

    it('rejects DurationSeconds beyond the role’s MaxSessionDuration (3600)', async () => {
      await expectError(
        admin.send(new AssumeRoleCommand({ RoleArn: roleArn('TargetRole'), RoleSessionName: 'long', DurationSeconds: 3601 })),
        'ValidationError',
        400,
        'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
      );
    });

    it('caps a chained role session at one hour, with the role-chaining message', async () => {
      const hopper = sts(env.runtime.roleCredentials('HopperRole'));
      await expectError(
        hopper.send(new AssumeRoleCommand({ RoleArn: roleArn('TargetRole'), RoleSessionName: 'hop', DurationSeconds: 7200 })),
        'ValidationError',
        400,
        'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
      );
      const { out } = await assume(hopper, 'TargetRole', 'hop', 3600);
      expect(out.AssumedRoleUser?.Arn).toBe(sessionArn('TargetRole', 'hop'));
    });

    it('rejects DurationSeconds outside 900..43200', async () => {
      await expectError(
        admin.send(new AssumeRoleCommand({ RoleArn: roleArn('TargetRole'), RoleSessionName: 's1', DurationSeconds: 899 })),
        'ValidationError',
        400,
        "1 validation error detected: Value '899' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900",
      );
      await expectError(
        admin.send(new AssumeRoleCommand({ RoleArn: roleArn('TargetRole'), RoleSessionName: 's1', DurationSeconds: 43201 })),
        'ValidationError',
        400,
        "1 validation error detected: Value '43201' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to 43200",
      );
    });
  });
});

describe('authentication', () => {
  it('rejects expired session credentials on STS and KMS', async () => {
    const { credentials } = await assume(admin, 'TargetRole', 'expiring', 900);
    expect((await sts(credentials).send(new GetCallerIdentityCommand({}))).Arn).toBe(sessionArn('TargetRole', 'expiring'));
    env.runtime.clock.advance(901_000);
    await expectError(sts(credentials).send(new GetCallerIdentityCommand({})), 'InvalidClientTokenId', 403, 'The security token included in the request is invalid.');
    await expectError(kms(credentials).send(new ListKeysCommand({})), 'UnrecognizedClientException', 400, 'The security token included in the request is invalid.');
    // The runtime's own role credentials do not expire.
    expect((await sts(env.runtime.roleCredentials('TargetRole')).send(new GetCallerIdentityCommand({}))).Arn).toBe(sessionArn('TargetRole', 'keydrill'));
  });

  it('accepts session credentials until they expire', async () => {
    const { credentials } = await assume(admin, 'TargetRole', 'almost', 900);
    env.runtime.clock.advance(899_000);
    expect((await sts(credentials).send(new GetCallerIdentityCommand({}))).Arn).toBe(sessionArn('TargetRole', 'almost'));
  });

  it('rejects a session token that does not belong to the access key', async () => {
    const { credentials } = await assume(admin, 'TargetRole', 'token');
    const forged = { ...credentials, sessionToken: env.runtime.roleCredentials('TargetRole').sessionToken! };
    await expectError(sts(forged).send(new GetCallerIdentityCommand({})), 'InvalidClientTokenId', 403);
  });

  it('rejects a wrong secret with SignatureDoesNotMatch on STS and InvalidSignatureException on KMS', async () => {
    const wrong = { accessKeyId: env.runtime.env.AWS_ACCESS_KEY_ID, secretAccessKey: 'x'.repeat(40) };
    const message =
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';
    await expectError(sts(wrong).send(new GetCallerIdentityCommand({})), 'SignatureDoesNotMatch', 403, message);
    await expectError(kms(wrong).send(new ListKeysCommand({})), 'InvalidSignatureException', 400, message);
    const role = env.runtime.roleCredentials('TargetRole');
    await expectError(sts({ ...role, secretAccessKey: 'y'.repeat(40) }).send(new GetCallerIdentityCommand({})), 'SignatureDoesNotMatch', 403, message);
  });
});
