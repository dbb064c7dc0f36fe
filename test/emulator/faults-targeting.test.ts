import { DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { KMSClient, ListAliasesCommand, ListKeysCommand } from '@aws-sdk/client-kms';
import type { CfnTemplate } from '../../runtime/bootstrap/template';
import { control } from '../helpers/control-plane';
import { clientConfig, failure, useRuntime } from '../helpers/runtime';

/**
 * Faults aimed at one caller and one occurrence (`principal`, `after`, `service: "*"`), set and read through
 * `/_keydrill/faults` and reached by real SDK calls: the dispatcher path (KMS) and the backend edge (DynamoDB).
 */

const allowAll = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['kms:*', 'dynamodb:*'], Resource: '*' }] };
const role = (name: string) => ({
  Type: 'AWS::IAM::Role',
  Properties: {
    RoleName: name,
    Path: '/drills/',
    AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::000000000000:root' }, Action: 'sts:AssumeRole' }] },
    Policies: [{ PolicyName: 'all', PolicyDocument: allowAll }],
  },
});
const TEMPLATE: CfnTemplate = {
  Resources: {
    Target: role('FaultTargetRole'),
    Bystander: role('BystanderRole'),
    Table: {
      Type: 'AWS::DynamoDB::Table',
      Properties: {
        TableName: 'faulted',
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
      },
    },
  },
};

const env = useRuntime({ stack: { name: 'FaultStack', template: TEMPLATE } }, { timeoutMs: 120_000 });

const faults = {
  add: (spec: object) => control(env.runtime, 'faults', { method: 'POST', body: spec }),
  list: async () => (await control(env.runtime, 'faults')).body.faults,
  clear: () => control(env.runtime, 'faults', { method: 'DELETE' }),
};

async function clientsOf(roleName: string) {
  const credentials = (await control(env.runtime, `credentials/${roleName}`)).body;
  const config = clientConfig(env.runtime, credentials);
  const kms = new KMSClient(config);
  const dynamodb = new DynamoDBClient(config);
  env.onStop(() => {
    kms.destroy();
    dynamodb.destroy();
  });
  return { kms, dynamodb };
}

let target: Awaited<ReturnType<typeof clientsOf>>;
let bystander: Awaited<ReturnType<typeof clientsOf>>;
beforeAll(async () => {
  target = await clientsOf('FaultTargetRole');
  bystander = await clientsOf('BystanderRole');
});
afterEach(() => faults.clear());

const listKeys = (kms: KMSClient) => kms.send(new ListKeysCommand({}));
const putItem = (dynamodb: DynamoDBClient, id: string) => dynamodb.send(new PutItemCommand({ TableName: 'faulted', Item: { id: { S: id } } }));

describe('a fault aimed at one principal', () => {
  it('fails that role’s calls (by role name) and none of another role’s or the administrator’s', async () => {
    expect((await faults.add({ service: 'kms', operation: 'ListKeys', principal: 'FaultTargetRole', errorCode: 'KMSInternalException', status: 500 })).status).toBe(201);
    await expect(listKeys(bystander.kms)).resolves.toBeDefined();
    await expect(listKeys(env.clients.kms)).resolves.toBeDefined();
    expect(await failure(listKeys(target.kms))).toMatchObject({ name: 'KMSInternalException', status: 500 });
    expect(await faults.list()).toEqual([expect.objectContaining({ principal: 'FaultTargetRole', matched: 1, failed: 1 })]);
  });

  it('reaches the DynamoDB backend edge with the caller’s identity; the bystander’s write lands', async () => {
    await faults.add({ service: 'dynamodb', operation: 'PutItem', principal: 'role/drills/FaultTargetRole', errorCode: 'ProvisionedThroughputExceededException', count: 1 });
    await putItem(bystander.dynamodb, 'bystander');
    expect(await failure(putItem(target.dynamodb, 'target'))).toMatchObject({ name: 'ProvisionedThroughputExceededException', status: 400 });
    await putItem(target.dynamodb, 'target');
    const read = (id: string) => env.clients.dynamodb.send(new GetItemCommand({ TableName: 'faulted', Key: { id: { S: id } } }));
    expect((await read('bystander')).Item).toEqual({ id: { S: 'bystander' } });
    expect((await read('target')).Item).toEqual({ id: { S: 'target' } });
    expect(await faults.list()).toEqual([expect.objectContaining({ count: 0, matched: 1, failed: 1 })]);
  });
});

describe('a fault on an occurrence', () => {
  it('fails the (after+1)-th call the role makes, whatever its service, and only that one', async () => {
    await faults.add({ service: '*', principal: 'FaultTargetRole', after: 2, count: 1, errorCode: 'ThrottlingException', status: 400 });
    await listKeys(target.kms);
    await listKeys(bystander.kms);
    await putItem(target.dynamodb, 'first');
    expect(await failure(target.kms.send(new ListAliasesCommand({})))).toMatchObject({ name: 'ThrottlingException', status: 400 });
    await putItem(target.dynamodb, 'after-the-fault');
    expect(await faults.list()).toEqual([expect.objectContaining({ service: '*', after: 2, count: 0, matched: 3, failed: 1 })]);
  });

  it('shows an injection point that was not reached: matched short of after, failed 0', async () => {
    await faults.add({ service: 'kms', principal: 'FaultTargetRole', after: 5, errorCode: 'KMSInternalException', status: 500 });
    await listKeys(target.kms);
    await listKeys(target.kms);
    const [fault] = await faults.list();
    expect(fault).toMatchObject({ matched: 2, failed: 0 });
    expect(fault.count).toBeUndefined();
  });

  it('leaves calls that the control plane set up with the old shape working as before (service and operation only)', async () => {
    await faults.add({ service: 'kms', operation: 'ListKeys', errorCode: 'KMSInternalException', status: 500, count: 2 });
    expect(await failure(listKeys(bystander.kms))).toMatchObject({ name: 'KMSInternalException' });
    expect(await failure(listKeys(env.clients.kms))).toMatchObject({ name: 'KMSInternalException' });
    await expect(listKeys(target.kms)).resolves.toBeDefined();
  });
});

describe('fault specs the control plane refuses', () => {
  it.each([
    ['an empty principal', { principal: '' }, /principal must be a non-empty string/],
    ['a negative after', { after: -1 }, /after must be a non-negative integer/],
    ['a misspelt member', { afer: 2 }, /unknown member "afer"/],
  ])('refuses %s with a 400 naming it, and adds nothing', async (_name, change, message) => {
    const answer = await faults.add({ service: 'kms', errorCode: 'KMSInternalException', ...change });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatch(message);
    expect(await faults.list()).toEqual([]);
    await expect(listKeys(target.kms)).resolves.toBeDefined();
  });
});
