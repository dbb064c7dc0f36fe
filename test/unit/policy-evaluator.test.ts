import { parsePolicy, parseOperator, PolicySyntaxError, type PolicyStatement } from '../../runtime/identity/policy-document';
import {
  evaluateIdentityPolicies,
  evaluateResourcePolicy,
  wildcardMatch,
  type ContextValue,
  type Request,
} from '../../runtime/identity/policy-evaluator';
import { rootPrincipal, servicePrincipal, type Principal } from '../../runtime/identity/principal';

const ACCOUNT = '111122223333';
const OTHER_ACCOUNT = '444455556666';
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/AppRole`;
const SESSION_ARN = `arn:aws:sts::${ACCOUNT}:assumed-role/AppRole/worker`;
const KEY_ARN = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

const root = rootPrincipal(ACCOUNT);
const session: Principal = {
  kind: 'assumed-role',
  account: ACCOUNT,
  arn: SESSION_ARN,
  roleArn: ROLE_ARN,
  roleName: 'AppRole',
  roleId: 'AROAEXAMPLEID',
  sessionName: 'worker',
};
const qldb = servicePrincipal(ACCOUNT, 'qldb.amazonaws.com');

function request(overrides: Partial<Request> & { ctx?: Record<string, ContextValue> } = {}): Request {
  const { ctx, ...rest } = overrides;
  const context = new Map(Object.entries(ctx ?? {}).map(([k, v]) => [k.toLowerCase(), v] as [string, ContextValue]));
  return { action: 'kms:Decrypt', resource: KEY_ARN, principal: session, context, ...rest };
}

/** Whether one identity-policy statement allows the request. */
function allows(statement: Omit<PolicyStatement, 'Effect'>, req: Request = request()): boolean {
  const doc = parsePolicy({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', ...statement }] }, false);
  return evaluateIdentityPolicies([doc], req).allowed;
}

/** Whether a statement with `Condition` allows `kms:Decrypt` on the key, given the request context. */
const conditionAllows = (condition: PolicyStatement['Condition'], ctx: Record<string, ContextValue> = {}) =>
  allows({ Action: 'kms:Decrypt', Resource: '*', Condition: condition }, request({ ctx }));

/** How a key policy with one Allow statement naming `principal` treats `caller`. */
function resourceDecision(principalElement: Pick<PolicyStatement, 'Principal' | 'NotPrincipal'>, caller: Principal, effect: 'Allow' | 'Deny' = 'Allow') {
  const doc = parsePolicy({ Statement: [{ Effect: effect, ...principalElement, Action: 'kms:*', Resource: '*' }] }, true);
  return evaluateResourcePolicy(doc, request({ principal: caller }));
}

describe('wildcardMatch', () => {
  it.each([
    ['kms:*', 'kms:Decrypt', true],
    ['kms:Gen*Key', 'kms:GenerateDataKey', true],
    ['kms:Gen*Key', 'kms:GenerateDataKeyPair', false],
    ['kms:?ecrypt', 'kms:Decrypt', true],
    ['kms:?ecrypt', 'kms:Encrypt', false],
    ['kms:D?crypt', 'kms:Dcrypt', false],
    ['*', '', true],
    ['a.b', 'axb', false],
    ['a+b(c)', 'a+b(c)', true],
    ['[ab]', 'a', false],
  ])('%s against %s → %s', (pattern, value, expected) => {
    expect(wildcardMatch(pattern, value)).toBe(expected);
  });

  it('is case-sensitive unless told otherwise', () => {
    expect(wildcardMatch('kms:decrypt', 'kms:Decrypt')).toBe(false);
    expect(wildcardMatch('kms:decrypt', 'kms:Decrypt', true)).toBe(true);
    expect(wildcardMatch('KMS:DEC*', 'kms:Decrypt', true)).toBe(true);
  });

  it('lets * match across slashes and colons, as in Resource', () => {
    expect(wildcardMatch('arn:aws:kms:*', KEY_ARN)).toBe(true);
    expect(wildcardMatch(`arn:aws:kms:us-east-1:${ACCOUNT}:key/*`, KEY_ARN)).toBe(true);
  });
});

describe('Action, NotAction, Resource, NotResource', () => {
  it('matches actions case-insensitively', () => {
    expect(allows({ Action: 'KMS:DECRYPT', Resource: '*' })).toBe(true);
    expect(allows({ Action: 'kms:decrypt', Resource: '*' })).toBe(true);
    expect(allows({ Action: 'Kms:De*', Resource: '*' })).toBe(true);
  });

  it('matches an action against any entry of a list', () => {
    expect(allows({ Action: ['kms:Encrypt', 'kms:Decrypt'], Resource: '*' })).toBe(true);
    expect(allows({ Action: ['kms:Encrypt', 'kms:GenerateDataKey*'], Resource: '*' })).toBe(false);
  });

  it('does not match another service with the same operation name', () => {
    expect(allows({ Action: 'kmsx:Decrypt', Resource: '*' })).toBe(false);
    expect(allows({ Action: 'kms:Decrypt*', Resource: '*' }, request({ action: 'kms:Decrypt' }))).toBe(true);
  });

  it('matches resources case-sensitively', () => {
    expect(allows({ Action: 'kms:Decrypt', Resource: KEY_ARN })).toBe(true);
    expect(allows({ Action: 'kms:Decrypt', Resource: KEY_ARN.toUpperCase() })).toBe(false);
    expect(allows({ Action: 'kms:Decrypt', Resource: KEY_ARN.replace('key/', 'KEY/') })).toBe(false);
    expect(allows({ Action: 'kms:Decrypt', Resource: `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-*` })).toBe(true);
    expect(allows({ Action: 'kms:Decrypt', Resource: `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234ABCD-*` })).toBe(false);
    expect(allows({ Action: 'kms:Decrypt', Resource: `arn:aws:kms:*:${OTHER_ACCOUNT}:key/*` })).toBe(false);
  });

  it('NotAction applies to every action except the listed ones', () => {
    expect(allows({ NotAction: 'kms:Decrypt', Resource: '*' })).toBe(false);
    expect(allows({ NotAction: 'kms:Encrypt', Resource: '*' })).toBe(true);
    expect(allows({ NotAction: ['kms:Enc*', 'kms:DEC*'], Resource: '*' })).toBe(false);
    expect(allows({ NotAction: 'iam:*', Resource: '*' })).toBe(true);
  });

  it('NotResource applies to every resource except the listed ones', () => {
    expect(allows({ Action: 'kms:Decrypt', NotResource: KEY_ARN })).toBe(false);
    expect(allows({ Action: 'kms:Decrypt', NotResource: `arn:aws:kms:*:${OTHER_ACCOUNT}:key/*` })).toBe(true);
    expect(allows({ Action: 'kms:Decrypt', NotResource: ['arn:aws:s3:::bucket', `arn:aws:kms:*:${ACCOUNT}:key/*`] })).toBe(false);
  });

  it('NotAction with a Deny denies everything else', () => {
    const doc = parsePolicy(
      {
        Statement: [
          { Effect: 'Allow', Action: '*', Resource: '*' },
          { Effect: 'Deny', NotAction: ['kms:Describe*', 'kms:List*'], Resource: '*' },
        ],
      },
      false,
    );
    expect(evaluateIdentityPolicies([doc], request({ action: 'kms:DescribeKey' }))).toEqual({ explicitDeny: false, allowed: true });
    expect(evaluateIdentityPolicies([doc], request({ action: 'kms:Decrypt' }))).toEqual({ explicitDeny: true, allowed: false });
  });
});

describe('Principal', () => {
  it.each<[string, Pick<PolicyStatement, 'Principal'>]>([
    ['"*"', { Principal: '*' }],
    ['{"AWS": "*"}', { Principal: { AWS: '*' } }],
  ])('%s names every caller', (_name, element) => {
    for (const caller of [root, session, rootPrincipal(OTHER_ACCOUNT)]) {
      expect(resourceDecision(element, caller)).toEqual({ explicitDeny: false, allowsPrincipal: true, allowsAccount: false });
    }
  });

  it.each([
    ['an account id', ACCOUNT],
    ['the account root ARN', `arn:aws:iam::${ACCOUNT}:root`],
  ])('%s names the root user itself', (_name, value) => {
    expect(resourceDecision({ Principal: { AWS: value } }, root)).toEqual({ explicitDeny: false, allowsPrincipal: true, allowsAccount: false });
  });

  it.each([
    ['an account id', ACCOUNT],
    ['the account root ARN', `arn:aws:iam::${ACCOUNT}:root`],
  ])('%s delegates to the identity policies of the account’s other principals', (_name, value) => {
    expect(resourceDecision({ Principal: { AWS: value } }, session)).toEqual({ explicitDeny: false, allowsPrincipal: false, allowsAccount: true });
  });

  it('does not name principals of another account', () => {
    const none = { explicitDeny: false, allowsPrincipal: false, allowsAccount: false };
    expect(resourceDecision({ Principal: { AWS: `arn:aws:iam::${OTHER_ACCOUNT}:root` } }, session)).toEqual(none);
    expect(resourceDecision({ Principal: { AWS: OTHER_ACCOUNT } }, root)).toEqual(none);
  });

  it('a role ARN names every session of the role', () => {
    expect(resourceDecision({ Principal: { AWS: ROLE_ARN } }, session).allowsPrincipal).toBe(true);
    expect(resourceDecision({ Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/OtherRole` } }, session).allowsPrincipal).toBe(false);
    expect(resourceDecision({ Principal: { AWS: ROLE_ARN } }, root).allowsPrincipal).toBe(false);
  });

  it('a session ARN names that session only', () => {
    expect(resourceDecision({ Principal: { AWS: SESSION_ARN } }, session).allowsPrincipal).toBe(true);
    const other = { ...session, arn: `arn:aws:sts::${ACCOUNT}:assumed-role/AppRole/other`, sessionName: 'other' } as Principal;
    expect(resourceDecision({ Principal: { AWS: SESSION_ARN } }, other)).toEqual({ explicitDeny: false, allowsPrincipal: false, allowsAccount: false });
  });

  it('takes the strongest match among several AWS principals', () => {
    const both = { Principal: { AWS: [`arn:aws:iam::${ACCOUNT}:root`, ROLE_ARN] } };
    expect(resourceDecision(both, session)).toEqual({ explicitDeny: false, allowsPrincipal: true, allowsAccount: false });
  });

  it('Service names a service principal, and an account names no service', () => {
    expect(resourceDecision({ Principal: { Service: 'qldb.amazonaws.com' } }, qldb).allowsPrincipal).toBe(true);
    expect(resourceDecision({ Principal: { Service: ['lambda.amazonaws.com', 'qldb.amazonaws.com'] } }, qldb).allowsPrincipal).toBe(true);
    expect(resourceDecision({ Principal: { Service: 'lambda.amazonaws.com' } }, qldb).allowsPrincipal).toBe(false);
    expect(resourceDecision({ Principal: { AWS: ACCOUNT } }, qldb)).toEqual({ explicitDeny: false, allowsPrincipal: false, allowsAccount: false });
    expect(resourceDecision({ Principal: { Service: 'qldb.amazonaws.com' } }, session).allowsPrincipal).toBe(false);
  });

  it('reports a matching Deny as an explicit deny, whatever else allows', () => {
    const doc = parsePolicy(
      {
        Statement: [
          { Effect: 'Allow', Principal: { AWS: ROLE_ARN }, Action: 'kms:*', Resource: '*' },
          { Effect: 'Deny', Principal: { AWS: ROLE_ARN }, Action: 'kms:Decrypt', Resource: '*' },
        ],
      },
      true,
    );
    expect(evaluateResourcePolicy(doc, request()).explicitDeny).toBe(true);
    expect(evaluateResourcePolicy(doc, request({ action: 'kms:Encrypt' }))).toEqual({ explicitDeny: false, allowsPrincipal: true, allowsAccount: false });
  });
});

describe('NotPrincipal', () => {
  it('a Deny with NotPrincipal denies everyone not listed', () => {
    const element = { NotPrincipal: { AWS: [`arn:aws:iam::${ACCOUNT}:root`] } };
    expect(resourceDecision(element, rootPrincipal(OTHER_ACCOUNT), 'Deny').explicitDeny).toBe(true);
    expect(resourceDecision(element, root, 'Deny').explicitDeny).toBe(false);
  });

  it('exempts a role session only when its session, role and account are all listed', () => {
    const all = [SESSION_ARN, ROLE_ARN, `arn:aws:iam::${ACCOUNT}:root`];
    expect(resourceDecision({ NotPrincipal: { AWS: all } }, session, 'Deny').explicitDeny).toBe(false);
    expect(resourceDecision({ NotPrincipal: { AWS: [SESSION_ARN, ROLE_ARN, ACCOUNT] } }, session, 'Deny').explicitDeny).toBe(false);
    // Without the account (or the role) AWS may deny at that level, so the session is not exempt.
    expect(resourceDecision({ NotPrincipal: { AWS: [SESSION_ARN, ROLE_ARN] } }, session, 'Deny').explicitDeny).toBe(true);
    expect(resourceDecision({ NotPrincipal: { AWS: [ROLE_ARN, ACCOUNT] } }, session, 'Deny').explicitDeny).toBe(true);
  });

  it('exempts a service listed under Service', () => {
    expect(resourceDecision({ NotPrincipal: { Service: 'qldb.amazonaws.com' } }, qldb, 'Deny').explicitDeny).toBe(false);
    expect(resourceDecision({ NotPrincipal: { Service: 'lambda.amazonaws.com' } }, qldb, 'Deny').explicitDeny).toBe(true);
  });

  it('an Allow with NotPrincipal allows every caller not listed, as the principal itself', () => {
    expect(resourceDecision({ NotPrincipal: { AWS: OTHER_ACCOUNT } }, session)).toEqual({ explicitDeny: false, allowsPrincipal: true, allowsAccount: false });
    expect(resourceDecision({ NotPrincipal: { AWS: ACCOUNT } }, root)).toEqual({ explicitDeny: false, allowsPrincipal: false, allowsAccount: false });
  });
});

describe('condition operators', () => {
  describe('String', () => {
    it.each<[string, string, string | string[], boolean]>([
      ['StringEquals', 'acme', 'acme', true],
      ['StringEquals', 'acme', 'ACME', false],
      ['StringEquals', 'acme', ['other', 'acme'], true],
      ['StringNotEquals', 'acme', 'acme', false],
      ['StringNotEquals', 'acme', ['other', 'third'], true],
      ['StringNotEquals', 'acme', ['other', 'acme'], false],
      ['StringEqualsIgnoreCase', 'acme', 'ACME', true],
      ['StringEqualsIgnoreCase', 'acme', 'acne', false],
      ['StringNotEqualsIgnoreCase', 'acme', 'AcMe', false],
      ['StringNotEqualsIgnoreCase', 'acme', 'other', true],
      ['StringLike', 'tenant-42', 'tenant-*', true],
      ['StringLike', 'tenant-42', 'tenant-?', false],
      ['StringLike', 'tenant-42', 'tenant-??', true],
      ['StringLike', 'tenant-42', 'TENANT-*', false],
      ['StringLike', 'tenant-42', ['x*', '*-42'], true],
      ['StringNotLike', 'tenant-42', 'tenant-*', false],
      ['StringNotLike', 'tenant-42', 'other-*', true],
    ])('%s: request %s vs policy %j → %s', (operator, value, policy, expected) => {
      expect(conditionAllows({ [operator]: { 'kms:EncryptionContext:tenant': policy } }, { 'kms:EncryptionContext:tenant': value })).toBe(expected);
    });

    it('treats condition key names case-insensitively', () => {
      expect(conditionAllows({ StringEquals: { 'KMS:ViaService': 'qldb.us-east-1.amazonaws.com' } }, { 'kms:viaservice': 'qldb.us-east-1.amazonaws.com' })).toBe(true);
    });
  });

  describe('Numeric', () => {
    it.each<[string, string | number, boolean]>([
      ['NumericEquals', 7, true],
      ['NumericEquals', '7.0', true],
      ['NumericEquals', 8, false],
      ['NumericNotEquals', 7, false],
      ['NumericNotEquals', 8, true],
      ['NumericLessThan', 8, true],
      ['NumericLessThan', 7, false],
      ['NumericLessThanEquals', 7, true],
      ['NumericLessThanEquals', 6, false],
      ['NumericGreaterThan', 6, true],
      ['NumericGreaterThan', 7, false],
      ['NumericGreaterThanEquals', 7, true],
      ['NumericGreaterThanEquals', 8, false],
    ])('%s with policy value %j and request value 7 → %s', (operator, policy, expected) => {
      expect(conditionAllows({ [operator]: { 'kms:ScheduleKeyDeletionPendingWindowInDays': policy } }, { 'kms:ScheduleKeyDeletionPendingWindowInDays': 7 })).toBe(expected);
    });

    it('compares numerically, not as text', () => {
      expect(conditionAllows({ NumericLessThan: { 'kms:RotationPeriodInDays': '100' } }, { 'kms:RotationPeriodInDays': 90 })).toBe(true);
      expect(conditionAllows({ NumericLessThan: { 'kms:RotationPeriodInDays': '100' } }, { 'kms:RotationPeriodInDays': 365 })).toBe(false);
    });
  });

  describe('Date', () => {
    const now = new Date('2026-03-01T12:00:00Z');
    it.each<[string, string, boolean]>([
      ['DateEquals', '2026-03-01T12:00:00Z', true],
      ['DateEquals', '2026-03-01T12:00:01Z', false],
      ['DateNotEquals', '2026-03-01T12:00:00Z', false],
      ['DateNotEquals', '2026-01-01T00:00:00Z', true],
      ['DateLessThan', '2026-03-02', true],
      ['DateLessThan', '2026-03-01T12:00:00Z', false],
      ['DateLessThanEquals', '2026-03-01T12:00:00Z', true],
      ['DateGreaterThan', '2026-02-28T00:00:00Z', true],
      ['DateGreaterThan', '2026-03-01T12:00:00Z', false],
      ['DateGreaterThanEquals', '2026-03-01T12:00:00Z', true],
      ['DateGreaterThanEquals', '2027-01-01T00:00:00Z', false],
    ])('%s %s against aws:CurrentTime 2026-03-01T12:00:00Z → %s', (operator, policy, expected) => {
      expect(conditionAllows({ [operator]: { 'aws:CurrentTime': policy } }, { 'aws:CurrentTime': now })).toBe(expected);
    });

    it('accepts epoch seconds as a policy value', () => {
      const epoch = String(now.getTime() / 1000);
      expect(conditionAllows({ DateEquals: { 'aws:CurrentTime': epoch } }, { 'aws:CurrentTime': now })).toBe(true);
      expect(conditionAllows({ DateLessThan: { 'aws:CurrentTime': String(now.getTime() / 1000 + 1) } }, { 'aws:CurrentTime': now })).toBe(true);
    });
  });

  describe('Bool', () => {
    it.each<[string | boolean, boolean, boolean]>([
      ['true', true, true],
      [true, true, true],
      ['TRUE', true, true],
      ['false', true, false],
      ['false', false, true],
      [false, false, true],
    ])('policy %j against request %s → %s', (policy, value, expected) => {
      expect(conditionAllows({ Bool: { 'kms:GrantIsForAWSResource': policy } }, { 'kms:GrantIsForAWSResource': value })).toBe(expected);
    });

    it('does not match a missing key, even with false', () => {
      expect(conditionAllows({ Bool: { 'aws:SecureTransport': 'false' } })).toBe(false);
      expect(conditionAllows({ BoolIfExists: { 'aws:SecureTransport': 'false' } })).toBe(true);
    });
  });

  describe('Arn', () => {
    const ctx = { 'aws:PrincipalArn': ROLE_ARN };

    it.each<[string, string | string[], boolean]>([
      ['ArnEquals', ROLE_ARN, true],
      ['ArnEquals', ROLE_ARN.toLowerCase(), false],
      // ArnEquals accepts the same wildcards as ArnLike (IAM documents them as one operator).
      ['ArnEquals', `arn:aws:iam::${ACCOUNT}:role/App*`, true],
      ['ArnLike', `arn:aws:iam::*:role/AppRole`, true],
      ['ArnLike', `arn:aws:iam::${ACCOUNT}:role/App????`, true],
      ['ArnLike', `arn:aws:iam::${ACCOUNT}:role/Other*`, false],
      ['ArnLike', ['arn:aws:iam::*:role/Other', `arn:aws:iam::${ACCOUNT}:role/*`], true],
      ['ArnLike', `arn:aws:sts::${ACCOUNT}:*`, false],
      ['ArnNotEquals', ROLE_ARN, false],
      ['ArnNotEquals', `arn:aws:iam::${ACCOUNT}:role/Other`, true],
      ['ArnNotLike', `arn:aws:iam::*:role/*`, false],
      ['ArnNotLike', `arn:aws:iam::${OTHER_ACCOUNT}:role/*`, true],
    ])('%s %j against the caller’s role ARN → %s', (operator, policy, expected) => {
      expect(conditionAllows({ [operator]: { 'aws:PrincipalArn': policy } }, ctx)).toBe(expected);
    });

    it('matches each of the six ARN parts on its own: a wildcard never spans a colon', () => {
      expect(conditionAllows({ ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*' } }, ctx)).toBe(false);
      expect(conditionAllows({ ArnLike: { 'aws:PrincipalArn': 'arn:aws:*' } }, ctx)).toBe(false);
      expect(conditionAllows({ ArnLike: { 'aws:PrincipalArn': 'arn:*:*:*:*:*' } }, ctx)).toBe(true);
      expect(conditionAllows({ ArnLike: { 'aws:SourceArn': 'arn:aws:logs:*:*:log-group:app:*' } }, { 'aws:SourceArn': `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:app:log-stream:x` })).toBe(true);
    });

    it('never matches a value that is not an ARN', () => {
      expect(conditionAllows({ ArnLike: { 'aws:PrincipalArn': '*' } }, ctx)).toBe(false);
      expect(conditionAllows({ ArnLike: { 'aws:SourceArn': 'arn:aws:s3:::*' } }, { 'aws:SourceArn': 'not-an-arn' })).toBe(false);
    });
  });

  describe('Null', () => {
    it.each<[string | boolean, Record<string, ContextValue>, boolean]>([
      ['true', {}, true],
      [true, {}, true],
      ['true', { 'kms:EncryptionContextKeys': ['tenant'] }, false],
      ['false', { 'kms:EncryptionContextKeys': ['tenant'] }, true],
      ['false', {}, false],
    ])('Null %j with context %j → %s', (policy, ctx, expected) => {
      expect(conditionAllows({ Null: { 'kms:EncryptionContextKeys': policy } }, ctx)).toBe(expected);
    });
  });

  describe('a key missing from the request', () => {
    it.each([
      'StringEquals', 'StringEqualsIgnoreCase', 'StringLike', 'NumericEquals', 'NumericLessThan', 'DateEquals', 'DateGreaterThan', 'Bool', 'ArnEquals', 'ArnLike',
    ])('%s is false', (operator) => {
      expect(conditionAllows({ [operator]: { 'kms:ViaService': 'qldb.us-east-1.amazonaws.com' } })).toBe(false);
    });

    it.each(['StringNotEquals', 'StringNotEqualsIgnoreCase', 'StringNotLike', 'NumericNotEquals', 'DateNotEquals', 'ArnNotEquals', 'ArnNotLike'])(
      'negated %s is true',
      (operator) => {
        expect(conditionAllows({ [operator]: { 'kms:ViaService': 'qldb.us-east-1.amazonaws.com' } })).toBe(true);
      },
    );

    it('…IfExists is true when the key is missing and tests the value when present', () => {
      const condition = { StringEqualsIfExists: { 'kms:ViaService': 'qldb.us-east-1.amazonaws.com' } };
      expect(conditionAllows(condition)).toBe(true);
      expect(conditionAllows(condition, { 'kms:ViaService': 'qldb.us-east-1.amazonaws.com' })).toBe(true);
      expect(conditionAllows(condition, { 'kms:ViaService': 'dynamodb.us-east-1.amazonaws.com' })).toBe(false);
      expect(conditionAllows({ NumericLessThanIfExists: { 'kms:RotationPeriodInDays': 100 } })).toBe(true);
      expect(conditionAllows({ NumericLessThanIfExists: { 'kms:RotationPeriodInDays': 100 } }, { 'kms:RotationPeriodInDays': 365 })).toBe(false);
    });

    it('ForAllValues is true, ForAnyValue is false', () => {
      expect(conditionAllows({ 'ForAllValues:StringEquals': { 'kms:EncryptionContextKeys': ['tenant'] } })).toBe(true);
      expect(conditionAllows({ 'ForAllValues:StringNotEquals': { 'kms:EncryptionContextKeys': ['tenant'] } })).toBe(true);
      expect(conditionAllows({ 'ForAnyValue:StringEquals': { 'kms:EncryptionContextKeys': ['tenant'] } })).toBe(false);
      expect(conditionAllows({ 'ForAnyValue:StringNotEquals': { 'kms:EncryptionContextKeys': ['tenant'] } })).toBe(false);
    });
  });

  describe('set operators on multivalued keys', () => {
    const keys = (...values: string[]) => ({ 'kms:EncryptionContextKeys': values });

    it('ForAllValues: every request value must match a policy value', () => {
      const condition = { 'ForAllValues:StringEquals': { 'kms:EncryptionContextKeys': ['tenant', 'purpose'] } };
      expect(conditionAllows(condition, keys('tenant'))).toBe(true);
      expect(conditionAllows(condition, keys('tenant', 'purpose'))).toBe(true);
      expect(conditionAllows(condition, keys('tenant', 'other'))).toBe(false);
      // An empty set satisfies ForAllValues vacuously.
      expect(conditionAllows(condition, keys())).toBe(true);
    });

    it('ForAnyValue: at least one request value must match a policy value', () => {
      const condition = { 'ForAnyValue:StringLike': { 'kms:EncryptionContextKeys': ['ten*'] } };
      expect(conditionAllows(condition, keys('other', 'tenant'))).toBe(true);
      expect(conditionAllows(condition, keys('other'))).toBe(false);
      expect(conditionAllows(condition, keys())).toBe(false);
    });

    it('negated set operators test each value against all policy values', () => {
      const allNot = { 'ForAllValues:StringNotEquals': { 'kms:EncryptionContextKeys': ['secret', 'pii'] } };
      expect(conditionAllows(allNot, keys('tenant', 'purpose'))).toBe(true);
      expect(conditionAllows(allNot, keys('tenant', 'pii'))).toBe(false);
      const anyNot = { 'ForAnyValue:StringNotEquals': { 'kms:EncryptionContextKeys': ['secret', 'pii'] } };
      expect(conditionAllows(anyNot, keys('pii', 'tenant'))).toBe(true);
      expect(conditionAllows(anyNot, keys('pii', 'secret'))).toBe(false);
    });

    it('accepts mixed-case qualifiers', () => {
      expect(parseOperator('forallvalues:stringequalsifexists')).toEqual({ set: 'all', base: 'stringequals', ifExists: true });
      expect(parseOperator('ForAnyValue:ArnLike')).toEqual({ set: 'any', base: 'arnlike', ifExists: false });
    });
  });

  describe('combining', () => {
    const ctx = { 'kms:ViaService': 'qldb.us-east-1.amazonaws.com', 'kms:CallerAccount': ACCOUNT };

    it('ORs the values of one key', () => {
      expect(conditionAllows({ StringEquals: { 'kms:ViaService': ['dynamodb.us-east-1.amazonaws.com', 'qldb.us-east-1.amazonaws.com'] } }, ctx)).toBe(true);
      expect(conditionAllows({ StringEquals: { 'kms:ViaService': ['dynamodb.us-east-1.amazonaws.com', 'lambda.us-east-1.amazonaws.com'] } }, ctx)).toBe(false);
    });

    it('ANDs the keys of one operator', () => {
      expect(conditionAllows({ StringEquals: { 'kms:ViaService': 'qldb.us-east-1.amazonaws.com', 'kms:CallerAccount': ACCOUNT } }, ctx)).toBe(true);
      expect(conditionAllows({ StringEquals: { 'kms:ViaService': 'qldb.us-east-1.amazonaws.com', 'kms:CallerAccount': OTHER_ACCOUNT } }, ctx)).toBe(false);
    });

    it('ANDs the operators of one statement', () => {
      const both = (grantForResource: boolean) =>
        conditionAllows(
          { StringEquals: { 'kms:ViaService': 'qldb.us-east-1.amazonaws.com' }, Bool: { 'kms:GrantIsForAWSResource': 'true' } },
          { ...ctx, 'kms:GrantIsForAWSResource': grantForResource },
        );
      expect(both(true)).toBe(true);
      expect(both(false)).toBe(false);
    });
  });
});

describe('identity-policy evaluation', () => {
  const allowAll = parsePolicy({ Statement: { Effect: 'Allow', Action: 'kms:*', Resource: '*' } }, false);
  const denyDecrypt = parsePolicy({ Statement: [{ Effect: 'Deny', Action: 'kms:Decrypt', Resource: '*' }] }, false);

  it('allows when a statement allows and none denies', () => {
    expect(evaluateIdentityPolicies([allowAll], request())).toEqual({ explicitDeny: false, allowed: true });
  });

  it('lets an explicit deny win over an allow, in any order and any policy', () => {
    expect(evaluateIdentityPolicies([allowAll, denyDecrypt], request())).toEqual({ explicitDeny: true, allowed: false });
    expect(evaluateIdentityPolicies([denyDecrypt, allowAll], request())).toEqual({ explicitDeny: true, allowed: false });
    const oneDoc = parsePolicy({ Statement: [{ Effect: 'Allow', Action: 'kms:*', Resource: '*' }, { Effect: 'Deny', Action: 'kms:Decrypt', Resource: '*' }] }, false);
    expect(evaluateIdentityPolicies([oneDoc], request())).toEqual({ explicitDeny: true, allowed: false });
    expect(evaluateIdentityPolicies([oneDoc], request({ action: 'kms:Encrypt' }))).toEqual({ explicitDeny: false, allowed: true });
  });

  it('denies implicitly when nothing applies', () => {
    expect(evaluateIdentityPolicies([], request())).toEqual({ explicitDeny: false, allowed: false });
    expect(evaluateIdentityPolicies([denyDecrypt], request({ action: 'kms:Encrypt' }))).toEqual({ explicitDeny: false, allowed: false });
  });

  it('applies a Deny only when its conditions hold', () => {
    const denyDirect = parsePolicy({ Statement: [{ Effect: 'Deny', Action: 'kms:Decrypt', Resource: '*', Condition: { Null: { 'kms:ViaService': 'true' } } }] }, false);
    expect(evaluateIdentityPolicies([allowAll, denyDirect], request()).explicitDeny).toBe(true);
    expect(evaluateIdentityPolicies([allowAll, denyDirect], request({ ctx: { 'kms:ViaService': 'qldb.us-east-1.amazonaws.com' } }))).toEqual({
      explicitDeny: false,
      allowed: true,
    });
  });
});

describe('parsePolicy', () => {
  const statement = { Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' };
  const errorOf = (input: string | object, requirePrincipal = false) => {
    try {
      parsePolicy(input, requirePrincipal);
    } catch (e) {
      return e as Error;
    }
    throw new Error('expected parsePolicy to throw');
  };

  it('accepts a JSON string or an object, and a single statement object', () => {
    expect(parsePolicy(JSON.stringify({ Version: '2012-10-17', Statement: [statement] }), false).Statement).toEqual([statement]);
    expect(parsePolicy({ Statement: statement }, false).Statement).toEqual([statement]);
  });

  it.each<[string, string | object, boolean, string]>([
    ['bad JSON', '{"Statement": [', false, 'The policy is not valid JSON'],
    ['a JSON array', '[]', false, 'The policy must be a JSON object'],
    ['an unknown version', { Version: '2020-01-01', Statement: [statement] }, false, 'Unsupported policy version 2020-01-01'],
    ['no Statement', { Version: '2012-10-17' }, false, 'The policy has no statements'],
    ['an empty Statement list', { Statement: [] }, false, 'The policy has no statements'],
    ['a statement that is not an object', { Statement: ['Allow'] }, false, 'A statement must be a JSON object'],
    ['a missing Effect', { Statement: [{ Action: 'kms:*', Resource: '*' }] }, false, 'A statement must have Effect Allow or Deny'],
    ['a bad Effect', { Statement: [{ ...statement, Effect: 'allow' }] }, false, 'A statement must have Effect Allow or Deny'],
    ['both Action and NotAction', { Statement: [{ ...statement, NotAction: 'kms:Encrypt' }] }, false, 'A statement must have exactly one of Action and NotAction'],
    ['neither Action nor NotAction', { Statement: [{ Effect: 'Allow', Resource: '*' }] }, false, 'A statement must have exactly one of Action and NotAction'],
    ['an unknown condition operator', { Statement: [{ ...statement, Condition: { StringSortOf: { 'kms:ViaService': 'x' } } }] }, false, 'Unknown condition operator StringSortOf'],
    ['NullIfExists', { Statement: [{ ...statement, Condition: { NullIfExists: { 'kms:ViaService': 'true' } } }] }, false, 'Unknown condition operator NullIfExists'],
    ['an unknown set qualifier', { Statement: [{ ...statement, Condition: { 'ForSomeValues:StringEquals': { 'kms:ViaService': 'x' } } }] }, false, 'Unknown condition operator ForSomeValues:StringEquals'],
    ['a resource policy without Principal', { Statement: [statement] }, true, 'Policy contains a statement with no principal'],
    ['an identity policy with Principal', { Statement: [{ ...statement, Principal: '*' }] }, false, 'Identity policies must not name a principal'],
    ['an identity policy with NotPrincipal', { Statement: [{ ...statement, NotPrincipal: { AWS: ACCOUNT } }] }, false, 'Identity policies must not name a principal'],
  ])('rejects %s', (_name, input, requirePrincipal, message) => {
    const error = errorOf(input, requirePrincipal);
    expect(error).toBeInstanceOf(PolicySyntaxError);
    expect(error.name).toBe('PolicySyntaxError');
    expect(error.message).toBe(message);
  });

  it('accepts a resource policy with NotPrincipal instead of Principal', () => {
    const doc = parsePolicy({ Statement: [{ ...statement, Effect: 'Deny', NotPrincipal: { AWS: ACCOUNT } }] }, true);
    expect(doc.Statement[0].NotPrincipal).toEqual({ AWS: ACCOUNT });
  });

  it('accepts every documented operator family with its qualifiers', () => {
    const condition = {
      StringEquals: { 'kms:ViaService': 'x' },
      StringNotLikeIfExists: { 'kms:ViaService': 'x' },
      NumericGreaterThanEquals: { 'kms:RotationPeriodInDays': 90 },
      DateLessThan: { 'aws:CurrentTime': '2030-01-01T00:00:00Z' },
      Bool: { 'kms:GrantIsForAWSResource': true },
      BinaryEquals: { 'aws:X': 'QmluYXJ5' },
      IpAddress: { 'aws:SourceIp': '203.0.113.0/24' },
      NotIpAddress: { 'aws:SourceIp': '203.0.113.0/24' },
      ArnNotEqualsIfExists: { 'aws:PrincipalArn': ROLE_ARN },
      Null: { 'kms:EncryptionContextKeys': 'false' },
      'ForAllValues:StringEquals': { 'kms:EncryptionContextKeys': ['tenant'] },
      'ForAnyValue:StringLikeIfExists': { 'kms:EncryptionContextKeys': ['t*'] },
    };
    expect(Object.keys(parsePolicy({ Statement: [{ ...statement, Condition: condition }] }, false).Statement[0].Condition!)).toHaveLength(12);
  });
});
