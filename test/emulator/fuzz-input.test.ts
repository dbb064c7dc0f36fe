import { CreateStreamCommand, DescribeStreamSummaryCommand } from '@aws-sdk/client-kinesis';
import { CreateTableCommand, DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { CreateKeyCommand, ListKeysCommand } from '@aws-sdk/client-kms';
import { CreateQueueCommand, GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { CreateLedgerCommand, DeleteLedgerCommand, ListLedgersCommand, UpdateLedgerCommand } from '@aws-sdk/client-qldb';
import { SendCommandCommand } from '@aws-sdk/client-qldb-session';
import { dumpBinary } from 'ion-js';
import { createLedger, RawSession } from '../helpers/qldb';
import { rawRequest, type RawResponse } from '../helpers/raw-request';
import { failure, useRuntime } from '../helpers/runtime';
import { tempDataDir } from '../helpers/temp-data-dir';

/** Requests a fuzz campaign found answered with a 500 or a crash (issue 11): each must get an AWS-shaped 400. */
const env = useRuntime();

const json = (prefix: string, version: '1.0' | '1.1', operation: string) => ({ 'content-type': `application/x-amz-json-${version}`, 'x-amz-target': `${prefix}.${operation}` });

const send = (service: string, headers: Record<string, string>, body: unknown, path?: string): Promise<RawResponse> =>
  rawRequest(env.runtime, { headers, body: typeof body === 'string' ? body : JSON.stringify(body), service, path });

const kinesis = (operation: string, body: unknown) => send('kinesis', json('Kinesis_20131202', '1.1', operation), body);
const dynamodb = (operation: string, body: unknown) => send('dynamodb', json('DynamoDB_20120810', '1.0', operation), body);
const kms = (operation: string, body: unknown) => send('kms', json('TrentService', '1.1', operation), body);
const sqs = (operation: string, body: unknown) => send('sqs', json('AmazonSQS', '1.0', operation), body);

const errorType = (res: RawResponse) => (res.headers.get('x-amzn-errortype') ?? res.json().__type ?? '').split(':')[0].replace(/^.*#/, '');

/** A JSON array nested `depth` levels deep, written out (JSON.stringify would itself overflow). */
const deepArray = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

async function expectClientError(res: RawResponse, code: string, message?: string | RegExp) {
  expect({ status: res.status, code: errorType(res) }).toEqual({ status: 400, code });
  if (message !== undefined) expect(res.json().message ?? res.json().Message).toMatch(message);
}

describe('Kinesis requests are checked before kinesalite sees them', () => {
  const stream = 'fuzz-stream';
  beforeAll(async () => {
    await env.clients.kinesis.send(new CreateStreamCommand({ StreamName: stream, ShardCount: 1 }));
    while ((await env.clients.kinesis.send(new DescribeStreamSummaryCommand({ StreamName: stream }))).StreamDescriptionSummary!.StreamStatus !== 'ACTIVE') {
      await new Promise((r) => setTimeout(r, 10));
    }
  });

  it('refuses a null record, a null tag value and a null tag key, and keeps serving', async () => {
    const message = (path: string) => `1 validation error detected: Value null at '${path}' failed to satisfy constraint: Member must not be null`;
    await expectClientError(await kinesis('PutRecords', { StreamName: stream, Records: [null] }), 'ValidationException', message('records.1.member'));
    await expectClientError(await kinesis('AddTagsToStream', { StreamName: stream, Tags: { a: null } }), 'ValidationException', message('tags.a.member'));
    await expectClientError(await kinesis('RemoveTagsFromStream', { StreamName: stream, TagKeys: [null] }), 'ValidationException', message('tagKeys.1.member'));
    const summary = await kinesis('DescribeStreamSummary', { StreamName: stream });
    expect(summary.status).toBe(200);
  });

  it('reads a null StreamARN as absent', async () => {
    expect((await kinesis('DescribeStreamSummary', { StreamName: stream, StreamARN: null })).status).toBe(200);
    const alone = await kinesis('DescribeStreamSummary', { StreamARN: null });
    expect({ status: alone.status, code: errorType(alone) }).toEqual({ status: 400, code: 'ValidationException' });
  });
});

describe('DynamoDB requests with wrong JSON types are refused at the edge', () => {
  const table = 'fuzz-table';
  beforeAll(async () => {
    await env.clients.dynamodb.send(
      new CreateTableCommand({ TableName: table, BillingMode: 'PAY_PER_REQUEST', AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }] }),
    );
  }, 60_000);
  afterAll(() => env.clients.dynamodb.send(new DeleteTableCommand({ TableName: table })));

  it.each([
    ['GetItem', { TableName: table, Key: { id: { S: 'a' } }, ConsistentRead: 'yes' }],
    ['Scan', { TableName: table, Limit: 'ten' }],
    ['PutItem', { TableName: table, Item: [{ id: { S: 'a' } }] }],
    ['Query', { TableName: table, KeyConditionExpression: 7 }],
  ])('%s answers SerializationException', async (operation, body) => {
    await expectClientError(await dynamodb(operation, body), 'SerializationException');
  });
});

describe('null list members and map values are refused, not read as absent', () => {
  let keyId: string;
  let queueUrl: string;
  beforeAll(async () => {
    keyId = (await env.clients.kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
    queueUrl = (await env.clients.sqs.send(new CreateQueueCommand({ QueueName: 'fuzz-queue' }))).QueueUrl!;
  });

  it('KMS Tags:[null] and EncryptionContext:{"a":null}', async () => {
    await expectClientError(await kms('CreateKey', { Tags: [null] }), 'ValidationException', /Member must not be null/);
    await expectClientError(await kms('Encrypt', { KeyId: keyId, Plaintext: 'AA==', EncryptionContext: { a: null } }), 'ValidationException', /at 'encryptionContext.a'.*Member must not be null/);
  });

  it('SQS Entries:[null], MessageAttributes:{"a":null} and MessageAttributeNames:[null]', async () => {
    await expectClientError(await sqs('SendMessageBatch', { QueueUrl: queueUrl, Entries: [null] }), 'ValidationException', /Member must not be null/);
    await expectClientError(await sqs('SendMessage', { QueueUrl: queueUrl, MessageBody: 'x', MessageAttributes: { a: null } }), 'ValidationException', /Member must not be null/);
    await expectClientError(await sqs('ReceiveMessage', { QueueUrl: queueUrl, MessageAttributeNames: [null] }), 'ValidationException', /Member must not be null/);
  });

  it('QLDB session Parameters:[null]', async () => {
    const res = await send('qldb', json('QLDBSession', '1.0', 'SendCommand'), {
      SessionToken: 'token',
      ExecuteStatement: { TransactionId: 'a'.repeat(22), Statement: 'SELECT 1 FROM T', Parameters: [null] },
    });
    // QLDB Session reports validation failures as BadRequestException.
    await expectClientError(res, 'BadRequestException', /Member must not be null/);
  });
});

describe('deeply nested values are refused before anything recurses over them', () => {
  it('KMS CreateGrant Constraints and SQS MessageAttributes 10,000 deep', async () => {
    const keyId = (await env.clients.kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
    const grant = `{"KeyId":"${keyId}","GranteePrincipal":"arn:aws:iam::${env.runtime.account}:root","Operations":["Decrypt"],"Constraints":{"EncryptionContextSubset":{"a":${deepArray(10_000)}}}}`;
    await expectClientError(await kms('CreateGrant', grant), 'SerializationException', /nesting depth/);
    const { QueueUrl } = await env.clients.sqs.send(new CreateQueueCommand({ QueueName: 'fuzz-deep' }));
    const message = `{"QueueUrl":"${QueueUrl}","MessageBody":"x","MessageAttributes":{"a":${deepArray(10_000)}}}`;
    await expectClientError(await sqs('SendMessage', message), 'SerializationException', /nesting depth/);
  });
});

describe('ledger tags', () => {
  const createLedger = (body: string) => send('qldb', { 'content-type': 'application/json' }, body, '/ledgers');

  it('a deep or non-string tag value is refused, creates no ledger, and later writes still work', async () => {
    await expectClientError(await createLedger(`{"Name":"fuzz-deep-tag","PermissionsMode":"STANDARD","Tags":{"k":${deepArray(10_000)}}}`), 'SerializationException');
    await expectClientError(await createLedger('{"Name":"fuzz-object-tag","PermissionsMode":"STANDARD","Tags":{"k":{"a":1}}}'), 'SerializationException');
    await expectClientError(await createLedger('{"Name":"fuzz-number-tag","PermissionsMode":"STANDARD","Tags":{"k":1}}'), 'SerializationException');
    await expectClientError(await createLedger(`{"Name":"fuzz-long-tag","PermissionsMode":"STANDARD","Tags":{"k":"${'v'.repeat(257)}"}}`), 'InvalidParameterException', /length less than or equal to 256/);
    const { Ledgers } = await env.clients.qldb.send(new ListLedgersCommand({}));
    expect((Ledgers ?? []).map((l) => l.Name).filter((n) => n?.endsWith('-tag'))).toEqual([]);
    const created = await createLedger('{"Name":"fuzz-good-tag","PermissionsMode":"STANDARD","DeletionProtection":false,"Tags":{"k":"v"}}');
    expect(created.status).toBe(200);
  });
});

describe('the ledger registry changes memory only once its state file is saved', () => {
  const dataDir = tempDataDir('fuzz-registry');
  const t = useRuntime({ dataDir });
  /** A directory where the state file's temporary copy goes makes every save fail, as a full disk would. */
  const blockSaves = () => mkdirSync(join(dataDir, 'state', 'qldb.json.tmp'), { recursive: true });
  const allowSaves = () => rmSync(join(dataDir, 'state', 'qldb.json.tmp'), { recursive: true, force: true });
  const names = async () => ((await t.clients.qldb.send(new ListLedgersCommand({}))).Ledgers ?? []).map((l) => l.Name);
  const create = (Name: string) => t.clients.qldb.send(new CreateLedgerCommand({ Name, PermissionsMode: 'ALLOW_ALL', DeletionProtection: false }));

  it('a failed save leaves no ledger behind, and later writes work once saves do', async () => {
    blockSaves();
    expect((await failure(create('unsaved'))).status).toBe(500);
    allowSaves();
    expect(await names()).not.toContain('unsaved');
    await create('unsaved');
    expect(await names()).toContain('unsaved');
  });

  it('a failed save keeps the ledger as it was for updates and deletes', async () => {
    await create('kept');
    blockSaves();
    expect((await failure(t.clients.qldb.send(new UpdateLedgerCommand({ Name: 'kept', DeletionProtection: true })))).status).toBe(500);
    expect((await failure(t.clients.qldb.send(new DeleteLedgerCommand({ Name: 'kept' })))).status).toBe(500);
    allowSaves();
    expect(await names()).toContain('kept');
    await t.clients.qldb.send(new DeleteLedgerCommand({ Name: 'kept' }));
    expect(await names()).not.toContain('kept');
  });
});

describe('other client mistakes once answered with a 500', () => {
  const ledger = 'fuzz-stream-ledger';
  beforeAll(() => env.clients.qldb.send(new CreateLedgerCommand({ Name: ledger, PermissionsMode: 'STANDARD', DeletionProtection: false })));

  it('an SQS QueueUrl with bad percent-encoding is an invalid address', async () => {
    for (const name of ['%ZZ', '%C0%AF']) {
      const res = await sqs('GetQueueAttributes', { QueueUrl: `${env.runtime.endpoint}/${env.runtime.account}/${name}` });
      expect({ status: res.status, code: errorType(res) }).toEqual({ status: 404, code: 'InvalidAddress' });
    }
    expect(await failure(env.clients.sqs.send(new GetQueueAttributesCommand({ QueueUrl: `${env.runtime.endpoint}/${env.runtime.account}/%ZZ` })))).toMatchObject({ status: 404 });
  });

  it.each([1e300, 2 ** 63])('StreamJournalToKinesis with InclusiveStartTime %d', async (start) => {
    const body = {
      RoleArn: `arn:aws:iam::${env.runtime.account}:role/r`,
      InclusiveStartTime: start,
      KinesisConfiguration: { StreamArn: `arn:aws:kinesis:${env.runtime.region}:${env.runtime.account}:stream/s` },
      StreamName: 'fuzz',
    };
    const res = await send('qldb', { 'content-type': 'application/json' }, body, `/ledgers/${ledger}/journal-kinesis-streams`);
    await expectClientError(res, 'SerializationException', /out of range/);
  });
});

describe('QLDB statements that once overflowed the stack or stalled the runtime', () => {
  let session: RawSession;
  beforeAll(async () => {
    await createLedger(env.runtime, 'fuzz-statements');
    session = await new RawSession(env.clients.qldbSession, 'fuzz-statements').start();
    await session.begin();
    await session.execute('CREATE TABLE T');
    await session.execute('INSERT INTO T ?', { n: 1 });
  });

  const execute = (statement: string, parameter?: string | Uint8Array) =>
    failure(
      env.clients.qldbSession.send(
        new SendCommandCommand({
          SessionToken: session.token,
          ExecuteStatement: {
            TransactionId: session.transactionId,
            Statement: statement,
            Parameters: parameter === undefined ? [] : [typeof parameter === 'string' ? { IonText: parameter } : { IonBinary: parameter }],
          },
        }),
      ),
    );

  /** Runs `request` while another client sends KMS requests back to back: how long it took, and the other's longest wait. */
  async function whileOtherClientWaits<T>(request: () => Promise<T>): Promise<{ outcome: T; took: number; longestWait: number }> {
    let running = true;
    let longestWait = 0;
    const other = (async () => {
      while (running) {
        const sent = performance.now();
        await env.clients.kms.send(new ListKeysCommand({}));
        longestWait = Math.max(longestWait, performance.now() - sent);
      }
    })();
    const started = performance.now();
    const outcome = await request();
    const took = performance.now() - started;
    running = false;
    await other;
    return { outcome, took, longestWait };
  }

  const varUInt = (n: number): number[] => {
    const bytes = [(n & 0x7f) | 0x80];
    for (let rest = n >> 7; rest > 0; rest >>= 7) bytes.unshift(rest & 0x7f);
    return bytes;
  };

  /** Ion binary for a list nested `depth` deep, written by hand (ion-js's own writer recurses). */
  function deepIonList(depth: number): Uint8Array {
    let value = Buffer.from([0xb0]);
    for (let level = 1; level < depth; level++) {
      const header = value.length < 14 ? [0xb0 | value.length] : [0xbe, ...varUInt(value.length)];
      value = Buffer.concat([Buffer.from(header), value]);
    }
    return Buffer.concat([Buffer.from([0xe0, 0x01, 0x00, 0xea]), value]);
  }

  it.each([
    ['1,000 nested parentheses', `SELECT VALUE ${'('.repeat(1000)}1${')'.repeat(1000)} FROM T`, /nest deeper/],
    ['5,000 chained AND', `SELECT * FROM T AS t WHERE ${Array.from({ length: 5000 }, () => 't.n = 1').join(' AND ')}`, /nest deeper/],
    ['a lone surrogate', "SELECT * FROM T AS t WHERE t.n = '\ud800'", /unpaired surrogate/],
  ])('%s is a BadRequestException', async (_name, statement, message) => {
    expect(await execute(statement)).toMatchObject({ name: 'BadRequestException', status: 400, message: expect.stringMatching(message) });
  });

  it('an Ion parameter 2,000 levels deep is a BadRequestException', async () => {
    expect(await execute('SELECT VALUE ? FROM T', deepIonList(2000))).toMatchObject({ name: 'BadRequestException', status: 400, message: expect.stringMatching(/nests deeper than 100/) });
  });

  it('the decimal 1d400000 ends the statement at once', async () => {
    const started = Date.now();
    expect(await execute('SELECT VALUE t.n + ? FROM T AS t', '1d400000')).toMatchObject({ name: 'BadRequestException', status: 400 });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('a 300,000-digit decimal parameter is refused before it is encoded', async () => {
    const started = Date.now();
    expect(await execute('SELECT VALUE ? FROM T', `${'7'.repeat(300_000)}d0`)).toMatchObject({ name: 'BadRequestException', status: 400, message: expect.stringMatching(/more than 10000 digits/) });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('a 128 KB Ion binary decimal parameter is refused before ion-js decodes it (which took seconds)', async () => {
    // Exponent 0, then a coefficient of ~315,000 digits; the list's next value is a bool with a length, which ion-js
    // refuses: had it decoded the list, the answer would be "not a valid Ion value", after seconds on the decimal.
    const decimalBody = Buffer.concat([Buffer.from([0x80]), Buffer.alloc(128 * 1024 - 64, 0x7f)]);
    const decimal = Buffer.concat([Buffer.from([0x5e, ...varUInt(decimalBody.length)]), decimalBody]);
    const listBody = Buffer.concat([decimal, Buffer.from([0x13])]);
    const parameter = Buffer.concat([Buffer.from([0xe0, 0x01, 0x00, 0xea, 0xbe, ...varUInt(listBody.length)]), listBody]);
    expect(await execute('SELECT VALUE ? FROM T', parameter)).toMatchObject({ name: 'BadRequestException', status: 400, message: 'Parameter 1 holds a decimal of more than 10000 digits' });
  });

  it('an integer of 20,000 digits in an Ion text parameter is refused with the bound binary has', async () => {
    expect(await execute('SELECT VALUE ? FROM T', '7'.repeat(20_000))).toMatchObject({ name: 'BadRequestException', status: 400, message: 'Parameter 1 holds an integer or timestamp fraction of more than 10000 digits' });
  });

  it('a 128 KB Ion binary integer parameter is refused with the same bound', async () => {
    const magnitude = Buffer.alloc(128 * 1024 - 64, 0x7f);
    const parameter = Buffer.concat([Buffer.from([0xe0, 0x01, 0x00, 0xea, 0x2e, ...varUInt(magnitude.length)]), magnitude]);
    expect(await execute('SELECT VALUE ? FROM T', parameter)).toMatchObject({
      name: 'BadRequestException',
      status: 400,
      message: 'Parameter 1 holds an integer or timestamp fraction of more than 10000 digits',
    });
  });

  it('a 5-way self cross join of a 30-document table ends with an error, and other clients are answered while it runs', async () => {
    await session.execute('INSERT INTO T ?', Array.from({ length: 29 }, (_, n) => ({ n })));
    const { longestWait, took, outcome } = await whileOtherClientWaits(() => execute('SELECT VALUE a.n FROM T AS a, T AS b, T AS c, T AS d, T AS e'));
    expect(outcome).toMatchObject({ name: 'BadRequestException', status: 400, message: expect.stringMatching(/too expensive/) });
    // Evaluation pauses every few milliseconds to let other requests in: no other client waits for the
    // whole statement, as each did when it ran at once (then the longest wait was the statement's length).
    expect(longestWait).toBeLessThan(took / 2);
  });

  it('a page of costly values is encoded in turns: other clients are answered meanwhile', async () => {
    // T's 30 documents (the 5-way join's test inserted 29) give 30 rows, each a struct around 2,000 small
    // structs: quick to evaluate, tens of milliseconds each for ion-js to encode.
    const items = dumpBinary(Array.from({ length: 2000 }, (_, k) => ({ k })));
    const statement = "SELECT VALUE {'n': t.n, 'items': ?} FROM T AS t";
    const { longestWait, took, outcome } = await whileOtherClientWaits(() =>
      env.clients.qldbSession.send(
        new SendCommandCommand({ SessionToken: session.token, ExecuteStatement: { TransactionId: session.transactionId, Statement: statement, Parameters: [{ IonBinary: items }] } }),
      ),
    );
    expect(outcome.ExecuteStatement?.FirstPage?.Values).toHaveLength(30);
    expect(longestWait).toBeLessThan(took / 2);
  });

  it('a join well within the row budget whose WHERE is 200 ORed comparisons ends with an error, and another client is answered', async () => {
    // 930 row combinations, each evaluating ~600 expressions: the work budget counts both.
    const where = Array.from({ length: 200 }, (_, i) => `a.n = ${i + 1000}`).join(' OR ');
    const heavy = execute(`SELECT VALUE a.n FROM T AS a, T AS b WHERE ${where}`);
    const other = env.clients.kms.send(new CreateKeyCommand({}));
    expect(await heavy).toMatchObject({ name: 'BadRequestException', status: 400, message: expect.stringMatching(/too expensive: it would take more than 100000 row combinations and expression evaluations/) });
    expect((await other).KeyMetadata?.KeyId).toEqual(expect.any(String));
  });

  it('the session still works afterwards', async () => {
    expect(await session.execute('SELECT VALUE t.n FROM T AS t')).toHaveLength(30);
  });
});
