import type { Runtime } from '../../runtime';
import { OUTPUT_KEYS } from '../../infra/stacks/output-keys';
import { withRuntime } from '../helpers/runtime';
import { INTEROP, interopStack } from './interop-stack';
import { adminCredentials, boto3, bytes, concurrentTests, ref, textOf } from './tools';

/**
 * The main read and write operations of every service from boto3 (QLDB: boto3 1.4x no longer has its
 * models, the CLI tests cover it). Each test is one Python process making its calls in order.
 */
jest.setTimeout(120_000);

let runtime: Runtime;

beforeAll(async () => {
  runtime = await withRuntime({ stack: interopStack() });
}, 60_000);
afterAll(() => runtime?.stop());

const scenario = concurrentTests();
const responses = async (calls: Parameters<typeof boto3>[1]) => (await boto3(runtime, calls)).map((r) => (r.error ? r : r.response));

scenario('KMS: create_key, then encrypt and decrypt under it', async () => {
  const [created, encrypted, decrypted] = await responses([
    { service: 'kms', operation: 'create_key', params: { Description: 'from boto3' } },
    { service: 'kms', operation: 'encrypt', params: { KeyId: ref('0.KeyMetadata.KeyId'), Plaintext: bytes('attack at dawn') } },
    { service: 'kms', operation: 'decrypt', params: { CiphertextBlob: ref('1.CiphertextBlob') } },
  ]);
  expect(created.KeyMetadata).toMatchObject({ Description: 'from boto3', KeyState: 'Enabled' });
  expect(encrypted.KeyId).toBe(created.KeyMetadata.Arn);
  expect({ KeyId: decrypted.KeyId, Plaintext: textOf(decrypted.Plaintext) }).toEqual({ KeyId: created.KeyMetadata.Arn, Plaintext: 'attack at dawn' });
});

scenario('STS: get_caller_identity, assume_role, and a call with the session token', async () => {
  const [caller, assumed, asRole] = await responses([
    { service: 'sts', operation: 'get_caller_identity' },
    { service: 'sts', operation: 'assume_role', params: { RoleArn: runtime.outputs[OUTPUT_KEYS.appRoleArn], RoleSessionName: 'from-boto3' } },
    { service: 'sts', operation: 'get_caller_identity', credentials: ref('1.Credentials') },
  ]);
  expect(caller).toMatchObject({ Account: runtime.account, Arn: `arn:aws:iam::${runtime.account}:root` });
  expect(assumed.AssumedRoleUser.Arn).toMatch(/:assumed-role\/.+\/from-boto3$/);
  expect(asRole.Arn).toBe(assumed.AssumedRoleUser.Arn);
});

scenario('Lambda: list_functions and invoke', async () => {
  const [listed, invoked] = await responses([
    { service: 'lambda', operation: 'list_functions' },
    { service: 'lambda', operation: 'invoke', params: { FunctionName: INTEROP.functionName, Payload: bytes('{"hello":"boto3"}') } },
  ]);
  expect(listed.Functions.map((f: { FunctionName: string }) => f.FunctionName)).toContain(INTEROP.functionName);
  expect(invoked.StatusCode).toBe(200);
  expect(JSON.parse(textOf(invoked.Payload)).event).toEqual({ hello: 'boto3' });
});

scenario('Kinesis: put_record, then get_records from its sequence number', async () => {
  const stream = { StreamName: INTEROP.streamName };
  const [, , records] = await responses([
    { service: 'kinesis', operation: 'put_record', params: { ...stream, PartitionKey: 'boto3', Data: bytes('record from boto3') } },
    { service: 'kinesis', operation: 'get_shard_iterator', params: { ...stream, ShardId: ref('0.ShardId'), ShardIteratorType: 'AT_SEQUENCE_NUMBER', StartingSequenceNumber: ref('0.SequenceNumber') } },
    { service: 'kinesis', operation: 'get_records', params: { ShardIterator: ref('1.ShardIterator') } },
  ]);
  expect({ data: textOf(records.Records[0].Data), key: records.Records[0].PartitionKey }).toEqual({ data: 'record from boto3', key: 'boto3' });
});

scenario('DynamoDB: put_item, get_item and query', async () => {
  const table = { TableName: INTEROP.tableName };
  const item = { pk: { S: 'boto3' }, sk: { S: '1' }, n: { N: '42' } };
  const [, got, queried] = await responses([
    { service: 'dynamodb', operation: 'put_item', params: { ...table, Item: item } },
    { service: 'dynamodb', operation: 'get_item', params: { ...table, Key: { pk: item.pk, sk: item.sk }, ConsistentRead: true } },
    { service: 'dynamodb', operation: 'query', params: { ...table, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': item.pk } } },
  ]);
  expect(got.Item).toEqual(item);
  expect(queried).toMatchObject({ Count: 1, Items: [item] });
});

scenario('SQS (awsJson, which boto3 1.4x speaks): create_queue, send_message, receive_message', async () => {
  const [, sent, received] = await responses([
    { service: 'sqs', operation: 'create_queue', params: { QueueName: 'from-boto3' } },
    { service: 'sqs', operation: 'send_message', params: { QueueUrl: ref('0.QueueUrl'), MessageBody: 'message from boto3' } },
    { service: 'sqs', operation: 'receive_message', params: { QueueUrl: ref('0.QueueUrl'), WaitTimeSeconds: 1 } },
  ]);
  expect(received.Messages).toEqual([expect.objectContaining({ MessageId: sent.MessageId, Body: 'message from boto3' })]);
});

scenario('a wrong secret is refused with each protocol’s AWS error', async () => {
  const credentials = { ...adminCredentials(runtime), secretAccessKey: 'not-the-secret-access-key-of-this-runtime' };
  const answers = await boto3(
    runtime,
    [
      { service: 'kms', operation: 'list_keys' },
      { service: 'sts', operation: 'get_caller_identity' },
      { service: 'lambda', operation: 'list_functions' },
    ],
    credentials,
  );
  expect(answers.map((a) => a.error?.Code)).toEqual(['InvalidSignatureException', 'SignatureDoesNotMatch', 'InvalidSignatureException']);
});

scenario('IAM: create_role, get_role, attach a customer managed policy, list_attached_role_policies', async () => {
  const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
  const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '*' }] });
  const [created, got, managed, , attached] = await responses([
    { service: 'iam', operation: 'create_role', params: { RoleName: 'boto3-role', Path: '/team/', AssumeRolePolicyDocument: trust } },
    { service: 'iam', operation: 'get_role', params: { RoleName: 'boto3-role' } },
    { service: 'iam', operation: 'create_policy', params: { PolicyName: 'boto3-send', PolicyDocument: policy } },
    { service: 'iam', operation: 'attach_role_policy', params: { RoleName: 'boto3-role', PolicyArn: ref('2.Policy.Arn') } },
    { service: 'iam', operation: 'list_attached_role_policies', params: { RoleName: 'boto3-role' } },
  ]);
  expect(created.Role.Arn).toBe(`arn:aws:iam::${runtime.account}:role/team/boto3-role`);
  expect(got.Role).toMatchObject({ RoleName: 'boto3-role', Path: '/team/', Arn: created.Role.Arn });
  expect(attached.AttachedPolicies).toEqual([{ PolicyName: 'boto3-send', PolicyArn: managed.Policy.Arn }]);
});

scenario('CloudFormation: describe_stacks gives the outputs; a write is refused with ValidationError', async () => {
  const [described, refused] = await responses([
    { service: 'cloudformation', operation: 'describe_stacks', params: { StackName: 'Keydrill' } },
    { service: 'cloudformation', operation: 'delete_stack', params: { StackName: 'Keydrill' } },
  ]);
  expect(Object.fromEntries(described.Stacks[0].Outputs.map((o: { OutputKey: string; OutputValue: string }) => [o.OutputKey, o.OutputValue]))).toEqual(runtime.outputs);
  expect(refused.error).toMatchObject({ Code: 'ValidationError' });
});
