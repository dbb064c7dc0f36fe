import { checkName, parseStatesArn } from '../../runtime/services/sfn/names';

describe('checkName', () => {
  it.each(['drill-1', 'Rotate_Key.v2', 'x'.repeat(80), 'ünïcode'])('accepts %j', (name) => {
    expect(() => checkName(name)).not.toThrow();
  });

  it.each(['', 'x'.repeat(81), 'a b', 'tab\tname', 'a<b', 'a>b', 'a{b', 'a}b', 'a[b', 'a]b', 'a?b', 'a*b', 'a"b', 'a#b', 'a%b', 'a\\b', 'a^b', 'a|b', 'a~b', 'a`b', 'a$b', 'a&b', 'a,b', 'a;b', 'a:b', 'a/b', 'a\u0001b', 'a\u007fb'])(
    'refuses %j with InvalidName',
    (name) => {
      expect(() => checkName(name)).toThrow(expect.objectContaining({ code: 'InvalidName', message: `Invalid Name: '${name}'` }));
    },
  );
});

describe('parseStatesArn', () => {
  it('takes the name of a state machine and the parts of an execution', () => {
    expect(parseStatesArn('arn:aws:states:us-east-1:000000000000:stateMachine:m', 'stateMachine')).toEqual(['m']);
    expect(parseStatesArn('arn:aws:states:us-east-1:000000000000:execution:m:e', 'execution')).toEqual(['m', 'e']);
  });

  it.each([
    ['arn:aws:kms:us-east-1:000000000000:key/k', 'stateMachine'],
    ['not-an-arn', 'execution'],
    ['arn:aws:states:us-east-1:000000000000:execution:m:e', 'stateMachine'],
    ['arn:aws:states:us-east-1:000000000000:stateMachine:m', 'execution'],
    ['arn:aws:states:us-east-1:000000000000:express:m:e:id', 'execution'],
  ] as const)('refuses %s as a %s with InvalidArn', (arn, kind) => {
    expect(() => parseStatesArn(arn, kind)).toThrow(expect.objectContaining({ code: 'InvalidArn' }));
  });
});
