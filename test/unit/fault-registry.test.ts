import { FaultRegistry, type FaultSpec } from '../../runtime/core/faults';
import { rootPrincipal, servicePrincipal, type Principal } from '../../runtime/identity/principal';

const ACCOUNT = '000000000000';
const session = (roleName: string, sessionName: string, path = '/'): Principal => ({
  kind: 'assumed-role',
  account: ACCOUNT,
  arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${roleName}/${sessionName}`,
  roleArn: `arn:aws:iam::${ACCOUNT}:role${path}${roleName}`,
  roleName,
  roleId: 'AROAEXAMPLE',
  sessionName,
});
const root = rootPrincipal(ACCOUNT);
const projector = session('keydrill-ProjectorRole', 'projector-fn');
const drill = session('keydrill-DrillRole', 'sfn-task', '/drills/');

/** Which of `calls` the registry fails, by index. */
function failing(registry: FaultRegistry, calls: [string, string, Principal][]): number[] {
  return calls.flatMap(([service, operation, caller], i) => (registry.take(service, operation, caller) ? [i] : []));
}

const fault = (spec: Partial<FaultSpec>): FaultSpec => ({ service: 'dynamodb', errorCode: 'ThrottlingException', ...spec });

describe('FaultRegistry', () => {
  it('matches by service and operation as before, with no principal or after', () => {
    const registry = new FaultRegistry();
    registry.add(fault({ operation: 'PutItem', count: 2 }));
    const put: [string, string, Principal] = ['dynamodb', 'PutItem', root];
    expect(failing(registry, [['dynamodb', 'GetItem', root], put, ['kms', 'PutItem', root], put, put])).toEqual([1, 3]);
  });

  it('raises the spec’s code, message and status', () => {
    const registry = new FaultRegistry();
    registry.add(fault({ errorCode: 'InternalServerError', message: 'boom', status: 500 }));
    expect(registry.take('dynamodb', 'Query', root)).toMatchObject({ code: 'InternalServerError', message: 'boom', status: 500 });
    registry.clear();
    registry.add(fault({}));
    expect(registry.take('dynamodb', 'Query', root)).toMatchObject({ code: 'ThrottlingException', message: 'Injected fault: ThrottlingException', status: 400 });
  });

  it('targets one caller by role name: its sessions match, other callers pass', () => {
    const registry = new FaultRegistry();
    registry.add(fault({ principal: 'ProjectorRole' }));
    expect(failing(registry, [
      ['dynamodb', 'BatchWriteItem', root],
      ['dynamodb', 'BatchWriteItem', drill],
      ['dynamodb', 'BatchWriteItem', projector],
      ['dynamodb', 'BatchWriteItem', session('keydrill-ProjectorRole', 'another-session')],
    ])).toEqual([2, 3]);
  });

  it('matches the role ARN (its path included) as well as the session ARN', () => {
    const registry = new FaultRegistry();
    registry.add(fault({ service: '*', principal: ':role/drills/keydrill-DrillRole' }));
    registry.add(fault({ service: '*', principal: 'assumed-role/keydrill-ProjectorRole/projector-fn', errorCode: 'Other' }));
    expect(registry.take('kms', 'Decrypt', drill)?.code).toBe('ThrottlingException');
    expect(registry.take('kms', 'Decrypt', projector)?.code).toBe('Other');
    expect(registry.take('kms', 'Decrypt', session('keydrill-ProjectorRole', 'other'))).toBeUndefined();
  });

  it('matches a service principal by its name and never a role session against a service', () => {
    const registry = new FaultRegistry();
    registry.add(fault({ service: 'kms', principal: 'qldb.amazonaws.com' }));
    expect(registry.take('kms', 'Decrypt', servicePrincipal(ACCOUNT, 'qldb.amazonaws.com'))).toBeDefined();
    expect(registry.take('kms', 'Decrypt', projector)).toBeUndefined();
  });

  it('lets `after` matching calls through, then fails `count`, counting only the calls it matches', () => {
    const registry = new FaultRegistry();
    registry.add(fault({ service: '*', principal: 'DrillRole', after: 2, count: 1 }));
    expect(failing(registry, [
      ['kms', 'DescribeKey', drill],
      ['qldb', 'DescribeLedger', projector],
      ['dynamodb', 'PutItem', drill],
      ['dynamodb', 'PutItem', root],
      ['lambda', 'Invoke', drill],
      ['kms', 'DescribeKey', drill],
    ])).toEqual([4]);
  });

  it('lists matched and failed per fault, and keeps a spent fault listed with no count left', () => {
    const registry = new FaultRegistry();
    const first = registry.add(fault({ operation: 'PutItem', after: 1, count: 1 }));
    const unreached = registry.add(fault({ operation: 'DeleteItem' }));
    expect(first).toMatchObject({ id: expect.any(Number), after: 1, count: 1, matched: 0, failed: 0 });
    failing(registry, [['dynamodb', 'PutItem', root], ['dynamodb', 'PutItem', root], ['dynamodb', 'PutItem', root]]);
    expect(registry.list()).toEqual([
      { id: first.id, service: 'dynamodb', operation: 'PutItem', after: 1, errorCode: 'ThrottlingException', count: 0, matched: 2, failed: 1 },
      { id: unreached.id, service: 'dynamodb', operation: 'DeleteItem', errorCode: 'ThrottlingException', matched: 0, failed: 0 },
    ]);
  });

  it('offers a call to faults in the order they were added; the one that fails it hides it from the rest', () => {
    const registry = new FaultRegistry();
    registry.add(fault({ operation: 'PutItem', count: 1, errorCode: 'First' }));
    registry.add(fault({ operation: 'PutItem', after: 1, count: 1, errorCode: 'Second' }));
    const codes = [1, 2, 3, 4].map(() => registry.take('dynamodb', 'PutItem', root)?.code);
    expect(codes).toEqual(['First', undefined, 'Second', undefined]);
    expect(registry.list().map(({ matched, failed }) => ({ matched, failed }))).toEqual([{ matched: 1, failed: 1 }, { matched: 2, failed: 1 }]);
  });

  it('treats operation "*" as every operation', () => {
    const registry = new FaultRegistry();
    registry.add(fault({ operation: '*', count: 2 }));
    expect(failing(registry, [['dynamodb', 'Query', root], ['kms', 'Query', root], ['dynamodb', 'Scan', root]])).toEqual([0, 2]);
  });

  it.each([
    ['no service', { service: undefined }, /needs a service/],
    ['an empty principal', { principal: '' }, /principal must be a non-empty string/],
    ['a principal that is no string', { principal: 7 }, /principal must be a non-empty string/],
    ['a negative after', { after: -1 }, /after must be a non-negative integer/],
    ['a fractional after', { after: 0.5 }, /after must be a non-negative integer/],
    ['an after that is text', { after: '2' }, /after must be a non-negative integer/],
    ['a misspelt member', { princpal: 'DrillRole' }, /unknown member "princpal"/],
    ['a zero count', { count: 0 }, /count must be a positive integer/],
  ])('refuses %s with a message naming it, adding nothing', (_name, change, message) => {
    const registry = new FaultRegistry();
    expect(() => registry.add({ ...fault({}), ...change } as unknown as FaultSpec)).toThrow(message);
    expect(registry.list()).toEqual([]);
  });

  it('accepts after 0 (fail from the first call)', () => {
    const registry = new FaultRegistry();
    registry.add(fault({ after: 0, count: 1 }));
    expect(registry.take('dynamodb', 'Scan', root)).toBeDefined();
  });
});
