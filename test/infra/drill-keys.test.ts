import { App, type CfnElement, Duration, RemovalPolicy, Stack, aws_iam as iam } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import {
  DEFAULT_LEDGER_ALIAS_NAME,
  DrillKeys,
  type DrillKeysProps,
  defaultPendingWindow,
  defaultRemovalPolicy,
  drillKeyProps,
  drillKeysPropsErrors,
} from '../../infra/constructs/drill-keys';
import { KEY_POLICY_SIDS } from '../../infra/constructs/drill-key-policy';

const IMPORTED_ROLE_ARN = 'arn:aws:iam::111122223333:role/keydrill-app';

function stackWithKeys(props: Omit<DrillKeysProps, 'appRole'> = {}): { stack: Stack; keys: DrillKeys } {
  // The built-in CloudFormation validation would add seconds per synth (and leave a worker behind).
  const stack = new Stack(new App({ builtinCloudFormationValidation: false }), 'Test');
  const appRole = iam.Role.fromRoleArn(stack, 'AppRole', IMPORTED_ROLE_ARN);
  return { stack, keys: new DrillKeys(stack, 'Keys', { appRole, ...props }) };
}

describe('defaults', () => {
  test('are KMS minimum pending window and retain', () => {
    expect(defaultPendingWindow().toDays()).toBe(7);
    expect(defaultRemovalPolicy()).toBe(RemovalPolicy.RETAIN);
    expect(DEFAULT_LEDGER_ALIAS_NAME).toBe('alias/keydrill/ledger');
  });

  test('every key gets a fresh policy document (CDK mutates it when statements are added)', () => {
    const options = { pendingWindow: defaultPendingWindow(), removalPolicy: defaultRemovalPolicy() };
    const a = drillKeyProps('ledger', options);
    const b = drillKeyProps('ledger', options);
    expect(a.policy).toBeDefined();
    expect(a.policy).not.toBe(b.policy);
    expect(a.enableKeyRotation).toBe(true);
  });
});

describe('props validation', () => {
  test.each([
    ['a 6-day pending window', { pendingWindow: Duration.days(6) }, /pendingWindow .* from 7 to 30, got 6/],
    ['a 31-day pending window', { pendingWindow: Duration.days(31) }, /pendingWindow .* got 31/],
    ['a fractional pending window', { pendingWindow: Duration.hours(180) }, /pendingWindow .* got 7\.5/],
    ['an alias without alias/', { ledgerAliasName: 'keydrill/ledger' }, /ledgerAliasName must be 'alias\/'/],
    ['an alias with a space', { ledgerAliasName: 'alias/key drill' }, /ledgerAliasName must be 'alias\/'/],
    ['a 257-character alias', { ledgerAliasName: `alias/${'x'.repeat(251)}` }, /at most 256 characters/],
    ['an alias/aws/ alias', { ledgerAliasName: 'alias/aws/ledger' }, /reserved for AWS managed keys/],
  ])('%s is refused', (_label, props, message) => {
    expect(() => stackWithKeys(props)).toThrow(message);
  });

  test('all problems are reported at once', () => {
    const appRole = iam.Role.fromRoleArn(new Stack(), 'R', IMPORTED_ROLE_ARN);
    expect(drillKeysPropsErrors({ appRole, pendingWindow: Duration.days(1), ledgerAliasName: 'nope' })).toHaveLength(2);
    expect(drillKeysPropsErrors({ appRole, pendingWindow: Duration.days(30), ledgerAliasName: 'alias/a_b-c/d' })).toEqual([]);
  });
});

describe('construct', () => {
  test('honours pendingWindow, alias name and removal policy', () => {
    const { stack } = stackWithKeys({
      pendingWindow: Duration.days(30),
      ledgerAliasName: 'alias/other/ledger',
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const template = Template.fromStack(stack);
    template.allResourcesProperties('AWS::KMS::Key', { PendingWindowInDays: 30 });
    template.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/other/ledger' });
    template.allResources('AWS::KMS::Key', { DeletionPolicy: 'Delete' });
  });

  test('names an imported role by its ARN, on exactly three keys', () => {
    const { stack, keys } = stackWithKeys();
    const template = Template.fromStack(stack).toJSON();
    const appStatementsPerKey = [keys.ledgerKey, keys.rotateKey, keys.standbyKey, keys.noAccessKey].map((key) => {
      const id = stack.resolve(stack.getLogicalId(key.node.defaultChild as CfnElement));
      return template.Resources[id].Properties.KeyPolicy.Statement.filter(
        (s: { Sid: string; Principal: { AWS: unknown } }) =>
          s.Sid === KEY_POLICY_SIDS.appMayDecrypt && s.Principal.AWS === IMPORTED_ROLE_ARN,
      ).length;
    });
    expect(appStatementsPerKey).toEqual([1, 1, 1, 0]);
  });

  test('exposes its children', () => {
    const { keys } = stackWithKeys();
    expect(keys.ledgerAlias.aliasTargetKey).toBe(keys.ledgerKey);
    expect(new Set([keys.ledgerKey, keys.rotateKey, keys.standbyKey, keys.noAccessKey]).size).toBe(4);
  });
});
