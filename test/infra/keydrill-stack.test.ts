import * as fs from 'node:fs';
import * as path from 'node:path';
import { type CfnElement, Stack, Token } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { STACK_NAME } from '../../infra/app';
import { OUTPUT_KEYS } from '../../infra/stacks/keydrill-stack';
import { KEY_ADMINISTRATION_ACTIONS, KEY_POLICY_SIDS } from '../../infra/constructs/drill-key-policy';
import { type KeydrillApp, keydrillApp, normalizeTemplate } from '../helpers/synth-keydrill';

interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: string;
  readonly Principal?: { readonly AWS?: unknown; readonly Service?: unknown } | '*';
  readonly Action: string | string[];
  readonly Resource?: unknown;
  readonly Condition?: Record<string, Record<string, unknown>>;
}

interface TemplateResource {
  readonly Type: string;
  readonly Properties: Record<string, any>;
  readonly DeletionPolicy?: string;
  readonly UpdateReplacePolicy?: string;
}

const ACCOUNT_ROOT = {
  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, ':root']],
};
const QLDB_IN_THIS_ACCOUNT = {
  'kms:ViaService': { 'Fn::Join': ['', ['qldb.', { Ref: 'AWS::Region' }, '.amazonaws.com']] },
  'kms:CallerAccount': { Ref: 'AWS::AccountId' },
};
const KEY_NAMES = ['ledger', 'rotate', 'standby', 'noAccess'] as const;
type KeyName = (typeof KEY_NAMES)[number];

let kd: KeydrillApp;
let template: Template;
let json: { Resources: Record<string, TemplateResource>; Outputs: Record<string, { Value: unknown }> };
let keyIds: Record<KeyName, string>;
let appRoleId: string;

function logicalId(element: { node: { defaultChild?: unknown } }): string {
  return kd.stack.resolve(kd.stack.getLogicalId(element.node.defaultChild as CfnElement));
}

function keyStatements(name: KeyName): PolicyStatement[] {
  return json.Resources[keyIds[name]].Properties.KeyPolicy.Statement;
}

function awsPrincipalOf(statement: PolicyStatement): unknown {
  return statement.Principal === '*' ? '*' : statement.Principal?.AWS;
}

function actionsOf(statement: PolicyStatement): string[] {
  return typeof statement.Action === 'string' ? [statement.Action] : statement.Action;
}

function statementBySid(name: KeyName, sid: string): PolicyStatement {
  const found = keyStatements(name).filter((s) => s.Sid === sid);
  expect(found).toHaveLength(1);
  return found[0];
}

beforeAll(() => {
  kd = keydrillApp();
  template = Template.fromStack(kd.stack);
  json = template.toJSON() as typeof json;
  const keys = kd.stack.drillKeys;
  keyIds = {
    ledger: logicalId(keys.ledgerKey),
    rotate: logicalId(keys.rotateKey),
    standby: logicalId(keys.standbyKey),
    noAccess: logicalId(keys.noAccessKey),
  };
  appRoleId = logicalId(kd.stack.appRole);
});

afterAll(() => kd.dispose());

describe('app', () => {
  test('holds one env-agnostic stack named Keydrill', () => {
    expect(kd.app.node.children.filter((c) => c instanceof Stack).map((c) => c.node.id)).toEqual([STACK_NAME]);
    expect(kd.stack.stackName).toBe('Keydrill');
    expect(Token.isUnresolved(kd.stack.account)).toBe(true);
    expect(Token.isUnresolved(kd.stack.region)).toBe(true);
    expect(JSON.stringify(json)).not.toMatch(/\b\d{12}\b/);
  });

  test('does not run the built-in CloudFormation validation plugin (it writes a report whenever it runs)', () => {
    expect(fs.existsSync(path.join(kd.outdir, 'validation-report.json'))).toBe(false);
  });

  test('adds no AWS::CDK::Metadata resource, whoever synthesizes', () => {
    template.resourceCountIs('AWS::CDK::Metadata', 0);
  });
});

describe('keys', () => {
  test('exactly four KMS keys, and no identity policy grants any KMS action', () => {
    template.resourceCountIs('AWS::KMS::Key', 4);
    const policies = Object.values(json.Resources).filter((r) => r.Type === 'AWS::IAM::Policy');
    expect(JSON.stringify(policies)).not.toMatch(/"kms:/);
    template.resourceCountIs('AWS::IAM::ManagedPolicy', 0);
  });

  test.each(KEY_NAMES)('%s key: symmetric, rotating, 7-day pending window, retained, described', (name) => {
    const key = json.Resources[keyIds[name]];
    expect(key.Type).toBe('AWS::KMS::Key');
    expect(key.Properties).toMatchObject({
      KeySpec: 'SYMMETRIC_DEFAULT',
      KeyUsage: 'ENCRYPT_DECRYPT',
      EnableKeyRotation: true,
      PendingWindowInDays: 7,
    });
    expect(key.Properties.Description).toMatch(/^keydrill \S+/);
    expect(key.DeletionPolicy).toBe('Retain');
    expect(key.UpdateReplacePolicy).toBe('Retain');
  });

  test('every key has its own description', () => {
    const descriptions = KEY_NAMES.map((name) => json.Resources[keyIds[name]].Properties.Description);
    expect(new Set(descriptions).size).toBe(4);
  });
});

describe('key policies', () => {
  test.each(KEY_NAMES)('%s key: the account root administers, with management actions only', (name) => {
    expect(statementBySid(name, KEY_POLICY_SIDS.accountRootAdministers)).toEqual({
      Sid: KEY_POLICY_SIDS.accountRootAdministers,
      Effect: 'Allow',
      Principal: { AWS: ACCOUNT_ROOT },
      Action: [
        'kms:Create*',
        'kms:Describe*',
        'kms:Enable*',
        'kms:List*',
        'kms:Put*',
        'kms:Update*',
        'kms:Revoke*',
        'kms:Disable*',
        'kms:Get*',
        'kms:Delete*',
        'kms:TagResource',
        'kms:UntagResource',
        'kms:ScheduleKeyDeletion',
        'kms:CancelKeyDeletion',
        'kms:RotateKeyOnDemand',
      ],
      Resource: '*',
    });
  });

  test.each(KEY_NAMES)('%s key: QLDB may use the key, only via QLDB in this account', (name) => {
    expect(statementBySid(name, KEY_POLICY_SIDS.qldbUsesKey)).toEqual({
      Sid: KEY_POLICY_SIDS.qldbUsesKey,
      Effect: 'Allow',
      Principal: { AWS: ACCOUNT_ROOT },
      Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
      Resource: '*',
      Condition: { StringEquals: QLDB_IN_THIS_ACCOUNT },
    });
  });

  test.each(KEY_NAMES)('%s key: QLDB may create grants, only for an AWS resource', (name) => {
    expect(statementBySid(name, KEY_POLICY_SIDS.qldbCreatesGrants)).toEqual({
      Sid: KEY_POLICY_SIDS.qldbCreatesGrants,
      Effect: 'Allow',
      Principal: { AWS: ACCOUNT_ROOT },
      Action: 'kms:CreateGrant',
      Resource: '*',
      Condition: {
        StringEquals: QLDB_IN_THIS_ACCOUNT,
        Bool: { 'kms:GrantIsForAWSResource': 'true' },
      },
    });
  });

  test.each(['ledger', 'rotate', 'standby'] as const)('%s key: the application role may decrypt', (name) => {
    expect(statementBySid(name, KEY_POLICY_SIDS.appMayDecrypt)).toEqual({
      Sid: KEY_POLICY_SIDS.appMayDecrypt,
      Effect: 'Allow',
      Principal: { AWS: { 'Fn::GetAtt': [appRoleId, 'Arn'] } },
      Action: ['kms:Decrypt', 'kms:DescribeKey'],
      Resource: '*',
    });
    expect(keyStatements(name).map((s) => s.Sid)).toEqual([
      KEY_POLICY_SIDS.accountRootAdministers,
      KEY_POLICY_SIDS.qldbUsesKey,
      KEY_POLICY_SIDS.qldbCreatesGrants,
      KEY_POLICY_SIDS.appMayDecrypt,
      KEY_POLICY_SIDS.keydrillFunctionsMayDecrypt,
    ]);
  });

  test('no-access key: the application role appears nowhere in its policy', () => {
    const statements = keyStatements('noAccess');
    expect(statements.map((s) => s.Sid)).toEqual([
      KEY_POLICY_SIDS.accountRootAdministers,
      KEY_POLICY_SIDS.qldbUsesKey,
      KEY_POLICY_SIDS.qldbCreatesGrants,
      KEY_POLICY_SIDS.keydrillFunctionsMayDecrypt,
    ]);
    expect(JSON.stringify(statements)).not.toContain(appRoleId);
  });

  test.each(KEY_NAMES)("%s key: keydrill's own functions may decrypt, the report publisher among them", (name) => {
    const statement = statementBySid(name, KEY_POLICY_SIDS.keydrillFunctionsMayDecrypt);
    expect(statement).toMatchObject({ Effect: 'Allow', Action: ['kms:Decrypt', 'kms:DescribeKey'], Resource: '*' });
    const publisherRole = Object.keys(template.findResources('AWS::IAM::Role')).find((id) => id.startsWith('ResultsPublisherServiceRole'))!;
    expect(JSON.stringify(statement.Principal)).toContain(publisherRole);
    expect(JSON.stringify(statement.Principal)).not.toContain(appRoleId);
  });

  test.each(KEY_NAMES)('%s key: no kms:* or * action, no Deny, no anonymous principal', (name) => {
    for (const statement of keyStatements(name)) {
      expect(actionsOf(statement)).not.toContain('kms:*');
      expect(actionsOf(statement)).not.toContain('*');
      expect(statement.Effect).toBe('Allow');
      expect(statement.Principal).not.toBe('*');
      expect(awsPrincipalOf(statement)).not.toBe('*');
    }
  });

  test.each(KEY_NAMES)('%s key: the account root gets cryptographic actions only through QLDB', (name) => {
    const adminActions = new Set(KEY_ADMINISTRATION_ACTIONS);
    for (const statement of keyStatements(name)) {
      const rootPrincipal = JSON.stringify(awsPrincipalOf(statement)) === JSON.stringify(ACCOUNT_ROOT);
      const beyondAdministration = actionsOf(statement).some((action) => !adminActions.has(action));
      if (rootPrincipal && beyondAdministration) {
        expect(statement.Condition?.StringEquals).toEqual(QLDB_IN_THIS_ACCOUNT);
      }
    }
  });
});

describe('alias', () => {
  test('alias/keydrill/ledger targets the ledger key', () => {
    template.resourceCountIs('AWS::KMS::Alias', 1);
    template.hasResourceProperties('AWS::KMS::Alias', {
      AliasName: 'alias/keydrill/ledger',
      TargetKeyId: { 'Fn::GetAtt': [keyIds.ledger, 'Arn'] },
    });
  });
});

describe('application role', () => {
  test('is assumable by the account root and by Lambda, and nothing else', () => {
    const role = json.Resources[appRoleId];
    expect(role.Type).toBe('AWS::IAM::Role');
    const trust: PolicyStatement[] = role.Properties.AssumeRolePolicyDocument.Statement;
    expect(trust.every((s) => s.Effect === 'Allow' && s.Action === 'sts:AssumeRole' && s.Condition === undefined)).toBe(
      true,
    );
    const principals = trust.map((s) => s.Principal);
    expect(principals).toHaveLength(2);
    expect(principals).toEqual(
      expect.arrayContaining([{ AWS: ACCOUNT_ROOT }, { Service: 'lambda.amazonaws.com' }]),
    );
  });

  test('has a description and no policies of its own', () => {
    template.hasResourceProperties('AWS::IAM::Role', {
      Description: Match.stringLikeRegexp('^keydrill application'),
      ManagedPolicyArns: Match.absent(),
      Policies: Match.absent(),
    });
  });
});

describe('outputs', () => {
  test('exactly the documented outputs', () => {
    expect(Object.keys(json.Outputs).sort()).toEqual(Object.values(OUTPUT_KEYS).sort());
    expect(Object.values(OUTPUT_KEYS)).toEqual(
      expect.arrayContaining(['LedgerName', 'JournalStreamName', 'ProjectionTableName', 'QuarantineTableName', 'AppRoleArn', 'LedgerKeyArn']),
    );
  });

  test.each([
    ['LedgerKeyArn', 'ledger'],
    ['RotateKeyArn', 'rotate'],
    ['StandbyKeyArn', 'standby'],
    ['NoAccessKeyArn', 'noAccess'],
  ] as const)('%s is the %s key ARN', (output, name) => {
    template.hasOutput(output, { Value: { 'Fn::GetAtt': [keyIds[name], 'Arn'] } });
  });

  test('LedgerKeyAlias is the alias name and AppRoleArn the role ARN', () => {
    template.hasOutput('LedgerKeyAlias', { Value: 'alias/keydrill/ledger' });
    template.hasOutput('AppRoleArn', { Value: { 'Fn::GetAtt': [appRoleId, 'Arn'] } });
  });
});

describe('ledger', () => {
  test('STANDARD permissions, deletion protection, encrypted with the ledger key through its alias', () => {
    template.resourceCountIs('AWS::QLDB::Ledger', 1);
    template.hasResourceProperties('AWS::QLDB::Ledger', {
      Name: 'keydrill-ledger',
      PermissionsMode: 'STANDARD',
      DeletionProtection: true,
      KmsKey: 'alias/keydrill/ledger',
    });
  });

  test('the application role may send commands and use data actions only, on this ledger', () => {
    const [policy] = Object.values(json.Resources).filter((r) => r.Type === 'AWS::IAM::Policy');
    const statements = policy.Properties.PolicyDocument.Statement as PolicyStatement[];
    const actions = statements.flatMap((s) => [s.Action].flat());
    expect(actions.sort()).toEqual(['qldb:PartiQLDelete', 'qldb:PartiQLHistoryFunction', 'qldb:PartiQLInsert', 'qldb:PartiQLSelect', 'qldb:PartiQLUpdate', 'qldb:SendCommand']);
    expect(JSON.stringify(statements)).toContain(':ledger/keydrill-ledger/table/*');
    expect(JSON.stringify(statements)).toContain(':ledger/keydrill-ledger/information_schema/user_tables');
  });

  test('is created after the alias it names, and LedgerName names it', () => {
    const [ledgerId, ledger] = Object.entries(json.Resources).find(([, r]) => r.Type === 'AWS::QLDB::Ledger')!;
    const aliasId = Object.entries(json.Resources).find(([, r]) => r.Type === 'AWS::KMS::Alias')![0];
    expect((ledger as { DependsOn?: string[] }).DependsOn).toContain(aliasId);
    template.hasOutput('LedgerName', { Value: { Ref: ledgerId } });
  });
});

test('template snapshot', () => {
  expect(normalizeTemplate(json)).toMatchSnapshot();
});
