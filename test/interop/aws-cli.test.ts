import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Runtime } from '../../runtime';
import { OUTPUT_KEYS } from '../../infra/stacks/output-keys';
import { qldbDriver } from '../helpers/qldb';
import { withRuntime } from '../helpers/runtime';
import { INTEROP, interopStack } from './interop-stack';
import { TamperingProxy } from './tampering-proxy';
import { adminCredentials, aws, awsOk, concurrentTests } from './tools';

/** The main read and write operations of every service, from the real AWS CLI v2. */
jest.setTimeout(120_000);

let runtime: Runtime;
let outputs: Record<string, string>;
let scratch: string;
const base64 = (text: string) => Buffer.from(text).toString('base64');
const text = (encoded: string) => Buffer.from(encoded, 'base64').toString('utf8');

beforeAll(async () => {
  runtime = await withRuntime({ stack: interopStack() });
  outputs = runtime.outputs;
  scratch = mkdtempSync(join(tmpdir(), 'keydrill-interop-cli-'));
  // GetDigest needs a committed block: one transaction through the driver.
  const driver = qldbDriver(runtime, outputs[OUTPUT_KEYS.ledgerName]);
  await driver.executeLambda((txn) => txn.execute('CREATE TABLE Committed'));
  driver.close();
}, 60_000);

afterAll(async () => {
  await runtime?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

const scenario = concurrentTests();

describe('KMS', () => {
  scenario('create-key, then encrypt and decrypt under it', async () => {
    const { KeyMetadata } = await awsOk(runtime, ['kms', 'create-key', '--description', 'from the AWS CLI']);
    expect(KeyMetadata).toMatchObject({ Description: 'from the AWS CLI', KeyState: 'Enabled', KeySpec: 'SYMMETRIC_DEFAULT' });
    const encrypted = await awsOk(runtime, ['kms', 'encrypt', '--key-id', KeyMetadata.KeyId, '--plaintext', base64('attack at dawn')]);
    expect(encrypted.KeyId).toBe(KeyMetadata.Arn);
    const decrypted = await awsOk(runtime, ['kms', 'decrypt', '--ciphertext-blob', encrypted.CiphertextBlob]);
    expect({ KeyId: decrypted.KeyId, Plaintext: text(decrypted.Plaintext) }).toEqual({ KeyId: KeyMetadata.Arn, Plaintext: 'attack at dawn' });
  });
});

describe('STS', () => {
  scenario('get-caller-identity, assume-role, and a call with the session token', async () => {
    expect(await awsOk(runtime, ['sts', 'get-caller-identity'])).toMatchObject({ Account: runtime.account, Arn: `arn:aws:iam::${runtime.account}:root` });
    const { Credentials, AssumedRoleUser } = await awsOk(runtime, ['sts', 'assume-role', '--role-arn', outputs[OUTPUT_KEYS.appRoleArn], '--role-session-name', 'from-the-cli']);
    expect(AssumedRoleUser.Arn).toMatch(/:assumed-role\/.+\/from-the-cli$/);
    const credentials = { accessKeyId: Credentials.AccessKeyId, secretAccessKey: Credentials.SecretAccessKey, sessionToken: Credentials.SessionToken };
    expect(await awsOk(runtime, ['sts', 'get-caller-identity'], { credentials })).toMatchObject({ Arn: AssumedRoleUser.Arn });
  });
});

describe('QLDB', () => {
  const name = 'interop-cli';

  scenario('create-ledger, describe-ledger, update-ledger, list-ledgers', async () => {
    const created = await awsOk(runtime, ['qldb', 'create-ledger', '--name', name, '--permissions-mode', 'STANDARD', '--no-deletion-protection', '--tags', 'team=interop']);
    expect(created).toMatchObject({ Name: name, State: 'CREATING', PermissionsMode: 'STANDARD', DeletionProtection: false });
    expect(await awsOk(runtime, ['qldb', 'describe-ledger', '--name', name])).toMatchObject({ Name: name, State: 'ACTIVE', Arn: created.Arn });
    expect(await awsOk(runtime, ['qldb', 'update-ledger', '--name', name, '--deletion-protection'])).toMatchObject({ Name: name, DeletionProtection: true });
    const { Ledgers } = await awsOk(runtime, ['qldb', 'list-ledgers']);
    expect(Ledgers.map((l: { Name: string }) => l.Name)).toEqual(expect.arrayContaining([name, outputs[OUTPUT_KEYS.ledgerName]]));
  });

  scenario('tag-resource and list-tags-for-resource', async () => {
    const { Arn } = await awsOk(runtime, ['qldb', 'describe-ledger', '--name', outputs[OUTPUT_KEYS.ledgerName]]);
    await awsOk(runtime, ['qldb', 'tag-resource', '--resource-arn', Arn, '--tags', 'drill=interop']);
    expect((await awsOk(runtime, ['qldb', 'list-tags-for-resource', '--resource-arn', Arn])).Tags).toMatchObject({ drill: 'interop' });
  });

  scenario('get-digest', async () => {
    const digest = await awsOk(runtime, ['qldb', 'get-digest', '--name', outputs[OUTPUT_KEYS.ledgerName]]);
    expect(Buffer.from(digest.Digest, 'base64')).toHaveLength(32);
    expect(digest.DigestTipAddress.IonText).toMatch(/strandId/);
  });

  scenario('qldb-session send-command: start a session, a transaction, and run a statement', async () => {
    const ledger = outputs[OUTPUT_KEYS.ledgerName];
    const send = (args: string[]) => awsOk(runtime, ['qldb-session', 'send-command', ...args]);
    const { StartSession } = await send(['--start-session', `LedgerName=${ledger}`]);
    expect(StartSession.SessionToken).toEqual(expect.any(String));
    const session = ['--session-token', StartSession.SessionToken];
    const { StartTransaction } = await send([...session, '--start-transaction', '{}']);
    expect(StartTransaction.TransactionId).toEqual(expect.any(String));
    const statement = JSON.stringify({ TransactionId: StartTransaction.TransactionId, Statement: 'CREATE TABLE FromTheCli' });
    const { ExecuteStatement } = await send([...session, '--execute-statement', statement]);
    expect(ExecuteStatement.FirstPage).toBeDefined();
  });
});

describe('Lambda', () => {
  scenario('list-functions and invoke', async () => {
    const { Functions } = await awsOk(runtime, ['lambda', 'list-functions']);
    expect(Functions.map((f: { FunctionName: string }) => f.FunctionName)).toContain(INTEROP.functionName);
    const outfile = join(scratch, 'invoke.json');
    const args = ['lambda', 'invoke', '--function-name', INTEROP.functionName, '--cli-binary-format', 'raw-in-base64-out', '--payload', '{"hello":"cli"}', outfile];
    expect(await awsOk(runtime, args)).toMatchObject({ StatusCode: 200 });
    expect(JSON.parse(readFileSync(outfile, 'utf8')).event).toEqual({ hello: 'cli' });
  });
});

describe('Kinesis', () => {
  scenario('put-record, then get-records from its sequence number', async () => {
    const stream = ['--stream-name', INTEROP.streamName];
    const put = await awsOk(runtime, ['kinesis', 'put-record', ...stream, '--partition-key', 'cli', '--data', base64('record from the cli')]);
    const { ShardIterator } = await awsOk(runtime, ['kinesis', 'get-shard-iterator', ...stream, '--shard-id', put.ShardId, '--shard-iterator-type', 'AT_SEQUENCE_NUMBER', '--starting-sequence-number', put.SequenceNumber]);
    const { Records } = await awsOk(runtime, ['kinesis', 'get-records', '--shard-iterator', ShardIterator]);
    expect({ data: text(Records[0].Data), key: Records[0].PartitionKey }).toEqual({ data: 'record from the cli', key: 'cli' });
  });
});

describe('DynamoDB', () => {
  scenario('put-item, get-item and query', async () => {
    const table = ['--table-name', INTEROP.tableName];
    const item = { pk: { S: 'cli' }, sk: { S: '1' }, n: { N: '42' } };
    await awsOk(runtime, ['dynamodb', 'put-item', ...table, '--item', JSON.stringify(item)]);
    const got = await awsOk(runtime, ['dynamodb', 'get-item', ...table, '--consistent-read', '--key', JSON.stringify({ pk: item.pk, sk: item.sk })]);
    expect(got.Item).toEqual(item);
    const queried = await awsOk(runtime, ['dynamodb', 'query', ...table, '--key-condition-expression', 'pk = :pk', '--expression-attribute-values', JSON.stringify({ ':pk': item.pk })]);
    expect(queried).toMatchObject({ Count: 1, Items: [item] });
  });
});

describe('SQS (CLI 2.9 speaks the query protocol to SQS)', () => {
  scenario('create-queue, send-message, receive-message, get-queue-attributes, delete-message', async () => {
    const { QueueUrl } = await awsOk(runtime, ['sqs', 'create-queue', '--queue-name', 'from-the-cli', '--attributes', 'VisibilityTimeout=600']);
    expect(QueueUrl).toBe(`${runtime.endpoint}/${runtime.account}/from-the-cli`);
    const sent = await awsOk(runtime, ['sqs', 'send-message', '--queue-url', QueueUrl, '--message-body', 'message from the cli', '--message-attributes', 'kind={DataType=String,StringValue=greeting}']);
    expect(sent.MessageId).toMatch(/^[0-9a-f-]{36}$/);
    const { Messages } = await awsOk(runtime, ['sqs', 'receive-message', '--queue-url', QueueUrl, '--message-attribute-names', 'All', '--wait-time-seconds', '1']);
    expect(Messages).toHaveLength(1);
    expect(Messages[0]).toMatchObject({ MessageId: sent.MessageId, Body: 'message from the cli', MessageAttributes: { kind: { DataType: 'String', StringValue: 'greeting' } } });
    const { Attributes } = await awsOk(runtime, ['sqs', 'get-queue-attributes', '--queue-url', QueueUrl, '--attribute-names', 'VisibilityTimeout', 'ApproximateNumberOfMessagesNotVisible']);
    expect(Attributes).toEqual({ VisibilityTimeout: '600', ApproximateNumberOfMessagesNotVisible: '1' });
    await awsOk(runtime, ['sqs', 'delete-message', '--queue-url', QueueUrl, '--receipt-handle', Messages[0].ReceiptHandle]);
    const missing = await aws(runtime, ['sqs', 'get-queue-url', '--queue-name', 'no-such-queue']);
    expect(missing.error).toBe('AWS.SimpleQueueService.NonExistentQueue');
  });
});

describe('IAM', () => {
  scenario('create-role with a trust policy, put-role-policy, then the role is assumable and its policy applies', async () => {
    const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${runtime.account}:root` }, Action: 'sts:AssumeRole' }] };
    const { Role } = await awsOk(runtime, ['iam', 'create-role', '--role-name', 'cli-role', '--assume-role-policy-document', JSON.stringify(trust)]);
    expect(Role).toMatchObject({ RoleName: 'cli-role', Arn: `arn:aws:iam::${runtime.account}:role/cli-role` });
    const allow = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:GetCallerIdentity', Resource: '*' }] };
    await awsOk(runtime, ['iam', 'put-role-policy', '--role-name', 'cli-role', '--policy-name', 'whoami', '--policy-document', JSON.stringify(allow)]);
    expect((await awsOk(runtime, ['iam', 'list-role-policies', '--role-name', 'cli-role'])).PolicyNames).toEqual(['whoami']);
    const { Credentials } = await awsOk(runtime, ['sts', 'assume-role', '--role-arn', Role.Arn, '--role-session-name', 'cli']);
    const credentials = { accessKeyId: Credentials.AccessKeyId, secretAccessKey: Credentials.SecretAccessKey, sessionToken: Credentials.SessionToken };
    expect((await awsOk(runtime, ['sts', 'get-caller-identity'], { credentials })).Arn).toBe(`arn:aws:sts::${runtime.account}:assumed-role/cli-role/cli`);
    const conflict = await aws(runtime, ['iam', 'delete-role', '--role-name', 'cli-role']);
    expect(conflict.error).toBe('DeleteConflict');
  });
});

describe('CloudFormation (read-only)', () => {
  scenario('describe-stacks gives the outputs, list-stack-resources the template\'s resources', async () => {
    const { Stacks } = await awsOk(runtime, ['cloudformation', 'describe-stacks', '--stack-name', 'Keydrill']);
    expect(Stacks[0].StackStatus).toBe('CREATE_COMPLETE');
    expect(Object.fromEntries(Stacks[0].Outputs.map((o: { OutputKey: string; OutputValue: string }) => [o.OutputKey, o.OutputValue]))).toEqual(outputs);
    const { StackResourceSummaries } = await awsOk(runtime, ['cloudformation', 'list-stack-resources', '--stack-name', 'Keydrill']);
    expect(StackResourceSummaries.map((r: { LogicalResourceId: string }) => r.LogicalResourceId)).toEqual(expect.arrayContaining(['InteropEcho', 'InteropStream', 'InteropTable']));
    const refused = await aws(runtime, ['cloudformation', 'delete-stack', '--stack-name', 'Keydrill']);
    expect(refused.error).toBe('ValidationError');
  });
});

describe('refused through the CLI with each protocol’s AWS error', () => {
  const calls = {
    'awsJson (KMS)': ['kms', 'list-keys'],
    'awsQuery (STS)': ['sts', 'get-caller-identity'],
    'restJson (QLDB)': ['qldb', 'create-ledger', '--name', 'never-created', '--permissions-mode', 'STANDARD'],
  };
  const expected = { 'awsJson (KMS)': 'InvalidSignatureException', 'awsQuery (STS)': 'SignatureDoesNotMatch', 'restJson (QLDB)': 'InvalidSignatureException' };

  scenario('a wrong secret', async () => {
    const credentials = { ...adminCredentials(runtime), secretAccessKey: 'not-the-secret-access-key-of-this-runtime' };
    const answers = await Promise.all(Object.values(calls).map((args) => aws(runtime, args, { credentials })));
    expect(Object.fromEntries(Object.keys(calls).map((protocol, i) => [protocol, answers[i].error]))).toEqual(expected);
  });

  scenario('a body changed after signing', async () => {
    const proxy = await TamperingProxy.start(runtime.endpoint);
    try {
      const answers = await Promise.all(Object.values(calls).map((args) => aws(runtime, args, { endpoint: proxy.endpoint })));
      expect(Object.fromEntries(Object.keys(calls).map((protocol, i) => [protocol, answers[i].error]))).toEqual(expected);
    } finally {
      await proxy.stop();
    }
    expect((await awsOk(runtime, ['qldb', 'list-ledgers'])).Ledgers.map((l: { Name: string }) => l.Name)).not.toContain('never-created');
  });
});
