import { mayInvoke, permissionStatement, policyDocument } from '../../runtime/services/lambda/resource-policy';

/** A function's resource-based policy as AddPermission writes it, and who it lets invoke the function. */
const fn = 'arn:aws:lambda:us-east-1:111122223333:function:on-alert';
const rule = 'arn:aws:events:us-east-1:111122223333:rule/keydrill-alerts/page';
const statement = (extra: Partial<Parameters<typeof permissionStatement>[0]> = {}) =>
  permissionStatement({ StatementId: 's1', Action: 'lambda:InvokeFunction', Principal: 'events.amazonaws.com', ...extra }, fn);

describe('permissionStatement', () => {
  test('a service principal with SourceArn and SourceAccount conditions', () => {
    expect(statement({ SourceArn: rule, SourceAccount: '111122223333' })).toEqual({
      Sid: 's1',
      Effect: 'Allow',
      Principal: { Service: 'events.amazonaws.com' },
      Action: 'lambda:InvokeFunction',
      Resource: fn,
      Condition: { StringEquals: { 'AWS:SourceAccount': '111122223333' }, ArnLike: { 'AWS:SourceArn': rule } },
    });
  });

  test.each([
    ['111122223333', { AWS: 'arn:aws:iam::111122223333:root' }],
    ['arn:aws:iam::111122223333:role/r', { AWS: 'arn:aws:iam::111122223333:role/r' }],
    ['*', '*'],
  ])('principal %s', (principal, expected) => {
    expect(statement({ Principal: principal }).Principal).toEqual(expected);
  });

  test('the policy document lists the statements', () => {
    expect(JSON.parse(policyDocument([statement()]))).toEqual({ Version: '2012-10-17', Id: 'default', Statement: [statement()] });
  });
});

describe('mayInvoke', () => {
  test.each([
    ['the named rule', [statement({ SourceArn: rule })], rule, true],
    ['another rule', [statement({ SourceArn: rule })], `${rule}-2`, false],
    ['a wildcard SourceArn', [statement({ SourceArn: 'arn:aws:events:us-east-1:111122223333:rule/keydrill-alerts/*' })], rule, true],
    ['no SourceArn condition', [statement()], rule, true],
    ['another service', [statement({ Principal: 's3.amazonaws.com' })], rule, false],
    ['a principal of *', [statement({ Principal: '*' })], rule, true],
    ['an account principal (not a service)', [statement({ Principal: '111122223333' })], rule, false],
    ['another action', [statement({ Action: 'lambda:GetFunction' })], rule, false],
    ['lambda:*', [statement({ Action: 'lambda:*' })], rule, true],
    ['the wrong SourceAccount', [statement({ SourceAccount: '444455556666' })], rule, false],
    ['no statements', [], rule, false],
    ['a dot in the pattern is literal', [statement({ SourceArn: 'arn:aws:events:us-east-1:111122223333:rule/a.b' })], 'arn:aws:events:us-east-1:111122223333:rule/aXb', false],
  ])('%s', (_name, statements, sourceArn, expected) => {
    expect(mayInvoke(statements, 'events.amazonaws.com', sourceArn, '111122223333')).toBe(expected);
  });
});
