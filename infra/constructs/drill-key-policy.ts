import { Aws, aws_iam as iam } from 'aws-cdk-lib';

/**
 * Statement ids of the drill keys' key policies. The runtime's key-policy evaluation and the drills refer
 * to statements by these ids, so they are part of the contract, not decoration.
 */
export const KEY_POLICY_SIDS = {
  accountRootAdministers: 'Account root administers',
  qldbUsesKey: 'QLDB may use the key for the ledger',
  qldbCreatesGrants: 'QLDB may create grants for the ledger',
  appMayDecrypt: 'The application may decrypt',
  keydrillFunctionsMayDecrypt: "keydrill's own functions may decrypt",
} as const;

/**
 * Management actions only: no cryptographic action is delegated to IAM, so a principal can use a key
 * only where a statement of its own key policy names it.
 * `kms:Put*` must stay: KMS refuses a key policy that would lock the creator out (the "lockout safety
 * check"), https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html#prevent-unmanageable-key
 */
export const KEY_ADMINISTRATION_ACTIONS: readonly string[] = [
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
];

/** What QLDB needs to encrypt a ledger with a customer managed key. */
const QLDB_KEY_USAGE_ACTIONS: readonly string[] = [
  'kms:Encrypt',
  'kms:Decrypt',
  'kms:ReEncrypt*',
  'kms:GenerateDataKey*',
  'kms:DescribeKey',
];

const APP_DECRYPT_ACTIONS: readonly string[] = ['kms:Decrypt', 'kms:DescribeKey'];

/**
 * QLDB calls KMS on behalf of principals of this account; `kms:ViaService` limits those calls to the QLDB
 * service in the stack's region.
 * https://docs.aws.amazon.com/qldb/latest/developerguide/encryption-at-rest.using-cust-keys.html
 */
function viaQldbInThisAccount(): Record<string, string> {
  return {
    'kms:ViaService': `qldb.${Aws.REGION}.amazonaws.com`,
    'kms:CallerAccount': Aws.ACCOUNT_ID,
  };
}

function accountRootAdministersStatement(): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: KEY_POLICY_SIDS.accountRootAdministers,
    principals: [new iam.AccountRootPrincipal()],
    actions: [...KEY_ADMINISTRATION_ACTIONS],
    resources: ['*'],
  });
}

function qldbUsesKeyStatement(): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: KEY_POLICY_SIDS.qldbUsesKey,
    principals: [new iam.AccountRootPrincipal()],
    actions: [...QLDB_KEY_USAGE_ACTIONS],
    resources: ['*'],
    conditions: { StringEquals: viaQldbInThisAccount() },
  });
}

/**
 * QLDB keeps using the key through grants it creates for the ledger; `kms:GrantIsForAWSResource` admits
 * only grants an AWS service creates for its own resource.
 */
function qldbCreatesGrantsStatement(): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: KEY_POLICY_SIDS.qldbCreatesGrants,
    principals: [new iam.AccountRootPrincipal()],
    actions: ['kms:CreateGrant'],
    resources: ['*'],
    conditions: {
      StringEquals: viaQldbInThisAccount(),
      Bool: { 'kms:GrantIsForAWSResource': 'true' },
    },
  });
}

/**
 * Named in the key policy rather than granted through `key.grantDecrypt(role)`: for a same-account
 * principal CDK would write that grant into the role's identity policy, which these key policies
 * deliberately do not honour (no `kms:*` for the account root).
 */
export function appMayDecryptStatement(appRole: iam.IRole): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: KEY_POLICY_SIDS.appMayDecrypt,
    principals: [new iam.ArnPrincipal(appRole.roleArn)],
    actions: [...APP_DECRYPT_ACTIONS],
    resources: ['*'],
  });
}

/**
 * keydrill's own functions (the report publisher, a drill's control probe) reach the ledger whichever drill key a
 * drill has moved it to, so every drill key names them, the no-access key included; the application role is not
 * among them.
 */
export function keydrillFunctionsMayDecryptStatement(): iam.PolicyStatement {
  return new iam.PolicyStatement({ sid: KEY_POLICY_SIDS.keydrillFunctionsMayDecrypt, actions: [...APP_DECRYPT_ACTIONS], resources: ['*'] });
}

/** The statements every drill key carries; a fresh document each call, because CDK mutates it. */
export function baseDrillKeyPolicy(): iam.PolicyDocument {
  return new iam.PolicyDocument({
    statements: [accountRootAdministersStatement(), qldbUsesKeyStatement(), qldbCreatesGrantsStatement()],
  });
}
