import {
  ConditionalCheckFailedException,
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  ListTablesCommand,
  PutItemCommand,
  TransactionCanceledException,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import { DescribeStreamSummaryCommand } from '@aws-sdk/client-kinesis';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { BackendError } from '../../runtime/backends';
import type { CfnTemplate } from '../../runtime/bootstrap/template';
import { rootPrincipal } from '../../runtime/identity/principal';
import { rawRequest } from '../helpers/raw-request';
import { clientConfig, failure, rejectionOf, useRuntime, withRuntime } from '../helpers/runtime';
import { tempDataDir } from '../helpers/temp-data-dir';
import { control } from '../helpers/control-plane';

/** A hand-written template: one Kinesis stream and one table with a GSI, a stream and TTL. */
const TEMPLATE: CfnTemplate = {
  Resources: {
    Journal: { Type: 'AWS::Kinesis::Stream', Properties: { ShardCount: 2, RetentionPeriodHours: 48, StreamEncryption: { EncryptionType: 'KMS', KeyId: 'alias/aws/kinesis' } } },
    Projection: {
      Type: 'AWS::DynamoDB::Table',
      Properties: {
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'S' },
          { AttributeName: 'status', AttributeType: 'S' },
        ],
        BillingMode: 'PAY_PER_REQUEST',
        GlobalSecondaryIndexes: [{ IndexName: 'byStatus', KeySchema: [{ AttributeName: 'status', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } }],
        StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      },
    },
  },
  Outputs: {
    StreamName: { Value: { Ref: 'Journal' } },
    StreamArn: { Value: { 'Fn::GetAtt': ['Journal', 'Arn'] } },
    TableName: { Value: { Ref: 'Projection' } },
    TableArn: { Value: { 'Fn::GetAtt': ['Projection', 'Arn'] } },
    TableStreamArn: { Value: { 'Fn::GetAtt': ['Projection', 'StreamArn'] } },
  },
};

/** The same stack, changed in place: longer retention, a second index, time to live off. */
const projection = TEMPLATE.Resources.Projection.Properties!;
const TEMPLATE_V2: CfnTemplate = {
  ...TEMPLATE,
  Resources: {
    Journal: { ...TEMPLATE.Resources.Journal, Properties: { ...TEMPLATE.Resources.Journal.Properties, RetentionPeriodHours: 72 } },
    Projection: {
      ...TEMPLATE.Resources.Projection,
      Properties: {
        ...projection,
        GlobalSecondaryIndexes: [
          ...(projection.GlobalSecondaryIndexes as object[]),
          { IndexName: 'bySk', KeySchema: [{ AttributeName: 'sk', KeyType: 'HASH' }], Projection: { ProjectionType: 'KEYS_ONLY' } },
        ],
        TimeToLiveSpecification: undefined,
      },
    },
  },
};

const env = useRuntime({ dataDir: tempDataDir('dynamodb'), stack: { name: 'drill', template: TEMPLATE } });
const doc = () => DynamoDBDocumentClient.from(env.clients.dynamodb);

const admin = () => ({ principal: rootPrincipal(env.runtime.account) });

const dynamodbTarget = (operation: string) => ({ 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `DynamoDB_20120810.${operation}` });

async function createOrdersTable(): Promise<void> {
  await env.clients.dynamodb.send(
    new CreateTableCommand({
      TableName: 'orders',
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      AttributeDefinitions: [
        { AttributeName: 'id', AttributeType: 'S' },
        { AttributeName: 'customer', AttributeType: 'S' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
      GlobalSecondaryIndexes: [{ IndexName: 'byCustomer', KeySchema: [{ AttributeName: 'customer', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } }],
    }),
  );
}

describe('the deployed template', () => {
  it('creates the stream and the table and resolves their Ref and attributes', async () => {
    expect(env.runtime.outputs).toEqual({
      StreamName: 'drill-Journal',
      StreamArn: `arn:aws:kinesis:${env.runtime.region}:${env.runtime.account}:stream/drill-Journal`,
      TableName: 'drill-Projection',
      TableArn: expect.stringMatching(/^arn:aws:dynamodb:[^:]+:\d{12}:table\/drill-Projection$/),
      TableStreamArn: expect.stringMatching(/^arn:aws:dynamodb:[^:]+:\d{12}:table\/drill-Projection\/stream\//),
    });
  });

  it('gives the stream its shard count and retention', async () => {
    const { StreamDescriptionSummary } = await env.clients.kinesis.send(new DescribeStreamSummaryCommand({ StreamName: 'drill-Journal' }));
    expect(StreamDescriptionSummary).toMatchObject({ StreamStatus: 'ACTIVE', OpenShardCount: 2, RetentionPeriodHours: 48 });
  });

  it('gives the table its index, billing mode, stream and time to live', async () => {
    const { Table } = await env.clients.dynamodb.send(new DescribeTableCommand({ TableName: 'drill-Projection' }));
    expect(Table).toMatchObject({
      TableStatus: 'ACTIVE',
      TableArn: env.runtime.outputs.TableArn,
      LatestStreamArn: env.runtime.outputs.TableStreamArn,
      BillingModeSummary: { BillingMode: 'PAY_PER_REQUEST' },
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
      GlobalSecondaryIndexes: [expect.objectContaining({ IndexName: 'byStatus', IndexStatus: 'ACTIVE' })],
    });
    const { TimeToLiveDescription } = await env.clients.dynamodb.send(new DescribeTimeToLiveCommand({ TableName: 'drill-Projection' }));
    expect(TimeToLiveDescription).toEqual({ TimeToLiveStatus: 'ENABLED', AttributeName: 'expiresAt' });
  });
});

describe('DynamoDB through the edge', () => {
  beforeAll(createOrdersTable);

  it('fails a conditional PutItem with ConditionalCheckFailedException and the old item (ALL_OLD)', async () => {
    await env.clients.dynamodb.send(new PutItemCommand({ TableName: 'orders', Item: { id: { S: 'o1' }, customer: { S: 'c1' }, version: { N: '2' } } }));
    const error = await rejectionOf(
      env.clients.dynamodb.send(
        new PutItemCommand({
          TableName: 'orders',
          Item: { id: { S: 'o1' }, customer: { S: 'c1' }, version: { N: '1' } },
          ConditionExpression: 'attribute_not_exists(id) OR version < :v',
          ExpressionAttributeValues: { ':v': { N: '1' } },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      ),
    );
    expect(error).toBeInstanceOf(ConditionalCheckFailedException);
    expect(error.$metadata?.httpStatusCode).toBe(400);
    expect(error.message).toBe('The conditional request failed');
    expect((error as ConditionalCheckFailedException).Item).toEqual({ id: { S: 'o1' }, customer: { S: 'c1' }, version: { N: '2' } });
  });

  it('queries a global secondary index through lib-dynamodb', async () => {
    await doc().send(new PutCommand({ TableName: 'orders', Item: { id: 'o2', customer: 'c2', total: 5 } }));
    await doc().send(new PutCommand({ TableName: 'orders', Item: { id: 'o3', customer: 'c2', total: 7 } }));
    const { Items } = await doc().send(
      new QueryCommand({ TableName: 'orders', IndexName: 'byCustomer', KeyConditionExpression: 'customer = :c', ExpressionAttributeValues: { ':c': 'c2' } }),
    );
    expect(Items!.map((i) => i.id).sort()).toEqual(['o2', 'o3']);
    expect(Items!.map((i) => i.total).sort()).toEqual([5, 7]);
  });

  it('passes TransactWriteItems cancellation reasons through to the SDK', async () => {
    const error = await rejectionOf(
      env.clients.dynamodb.send(
        new TransactWriteItemsCommand({
          TransactItems: [
            { Put: { TableName: 'orders', Item: { id: { S: 'o1' } }, ConditionExpression: 'attribute_not_exists(id)' } },
            { Put: { TableName: 'orders', Item: { id: { S: 'o9' } } } },
          ],
        }),
      ),
    );
    expect(error).toBeInstanceOf(TransactionCanceledException);
    expect((error as TransactionCanceledException).CancellationReasons).toEqual([
      { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed' },
      { Code: 'None' },
    ]);
  });

  it("relays DynamoDB Local's errors without its namespace", async () => {
    expect(await failure(env.clients.dynamodb.send(new DescribeTableCommand({ TableName: 'no-such-table' })))).toEqual({
      name: 'ResourceNotFoundException',
      status: 400,
      message: 'Cannot do operations on a non-existent table',
    });
  });

  it('refuses unknown credentials with UnrecognizedClientException', async () => {
    const stranger = env.clientsAs({ accessKeyId: 'AKIANOBODYKNOWS00000', secretAccessKey: 'x'.repeat(40) }).dynamodb;
    expect(await failure(stranger.send(new ListTablesCommand({})))).toMatchObject({ name: 'UnrecognizedClientException', status: 400 });
  });

  it('answers malformed JSON with a 400 SerializationException (DynamoDB Local itself answers 500)', async () => {
    const res = await rawRequest(env.runtime, { headers: dynamodbTarget('ListTables'), body: '{"Limit": ', service: 'dynamodb' });
    expect(res.status).toBe(400);
    expect(res.json().__type).toBe('SerializationException');
  });

  it('answers an unknown operation with UnknownOperationException', async () => {
    const res = await rawRequest(env.runtime, { headers: dynamodbTarget('FlyToTheMoon'), body: '{}', service: 'dynamodb' });
    expect(res.status).toBe(400);
    expect(res.json().__type).toMatch(/UnknownOperationException$/);
  });
});

describe('injected faults', () => {
  const inject = (fault: object) => control(env.runtime, 'faults', { method: 'POST', body: { service: 'dynamodb', ...fault } });

  it('fail HTTP calls before they reach DynamoDB Local, as many times as asked', async () => {
    expect((await inject({ operation: 'PutItem', errorCode: 'ProvisionedThroughputExceededException', count: 2 })).status).toBe(201);
    const put = () => doc().send(new PutCommand({ TableName: 'orders', Item: { id: 'f1', customer: 'c9' } }));
    expect(await failure(put())).toMatchObject({ name: 'ProvisionedThroughputExceededException', status: 400 });
    expect(await failure(put())).toMatchObject({ name: 'ProvisionedThroughputExceededException', status: 400 });
    await put();
    expect((await doc().send(new GetCommand({ TableName: 'orders', Key: { id: 'f1' } }))).Item).toEqual({ id: 'f1', customer: 'c9' });
  });

  it('can make a call fail with a server error', async () => {
    await inject({ operation: 'GetItem', errorCode: 'InternalServerError', status: 500, count: 1 });
    expect(await failure(doc().send(new GetCommand({ TableName: 'orders', Key: { id: 'f1' } })))).toMatchObject({ name: 'InternalServerError', status: 500 });
  });

  it('fail dispatcher calls too', async () => {
    env.runtime.faults.add({ service: 'dynamodb', operation: 'GetItem', errorCode: 'RequestLimitExceeded', count: 1 });
    await expect(env.runtime.dispatcher.call('dynamodb', 'GetItem', { TableName: 'orders', Key: { id: { S: 'f1' } } }, admin())).rejects.toMatchObject({ code: 'RequestLimitExceeded' });
  });
});

describe('the in-process dispatcher path', () => {
  it('takes and returns DynamoDB JSON', async () => {
    await env.runtime.dispatcher.call('dynamodb', 'PutItem', { TableName: 'orders', Item: { id: { S: 'd1' }, n: { N: '1' } } }, admin());
    await expect(env.runtime.dispatcher.call('dynamodb', 'GetItem', { TableName: 'orders', Key: { id: { S: 'd1' } } }, admin())).resolves.toEqual({ Item: { id: { S: 'd1' }, n: { N: '1' } } });
  });

  it('raises errors with their extra members (CancellationReasons)', async () => {
    const error = await env.runtime.dispatcher
      .call('dynamodb', 'TransactWriteItems', { TransactItems: [{ Put: { TableName: 'orders', Item: { id: { S: 'd1' } }, ConditionExpression: 'attribute_not_exists(id)' } }] }, admin())
      .catch((e) => e);
    expect(error).toBeInstanceOf(BackendError);
    expect(error).toMatchObject({ code: 'TransactionCanceledException', status: 400, members: { CancellationReasons: [{ Code: 'ConditionalCheckFailed' }] } });
  });
});

describe('state', () => {
  it('keeps tables and items across a restart with the same data directory, updating the changed stack in place', async () => {
    await doc().send(new PutCommand({ TableName: 'drill-Projection', Item: { pk: 'p', sk: 's', status: 'kept' } }));
    await env.restart({ stack: { name: 'drill', template: TEMPLATE_V2 } });
    expect((await doc().send(new GetCommand({ TableName: 'drill-Projection', Key: { pk: 'p', sk: 's' } }))).Item).toEqual({ pk: 'p', sk: 's', status: 'kept' });
    expect((await doc().send(new GetCommand({ TableName: 'orders', Key: { id: 'o2' } }))).Item).toMatchObject({ customer: 'c2' });

    const { Table } = await env.clients.dynamodb.send(new DescribeTableCommand({ TableName: 'drill-Projection' }));
    expect(Table!.GlobalSecondaryIndexes!.map((i) => i.IndexName).sort()).toEqual(['bySk', 'byStatus']);
    const { Items } = await doc().send(new QueryCommand({ TableName: 'drill-Projection', IndexName: 'bySk', KeyConditionExpression: 'sk = :s', ExpressionAttributeValues: { ':s': 's' } }));
    expect(Items).toEqual([{ pk: 'p', sk: 's' }]);
    const { TimeToLiveDescription } = await env.clients.dynamodb.send(new DescribeTimeToLiveCommand({ TableName: 'drill-Projection' }));
    expect(TimeToLiveDescription!.TimeToLiveStatus).toBe('DISABLED');
    const { StreamDescriptionSummary } = await env.clients.kinesis.send(new DescribeStreamSummaryCommand({ StreamName: 'drill-Journal' }));
    expect(StreamDescriptionSummary).toMatchObject({ OpenShardCount: 2, RetentionPeriodHours: 72 });
  });

  it('reset deletes every table, then redeploys the stack', async () => {
    await env.runtime.reset();
    expect((await env.clients.dynamodb.send(new ListTablesCommand({}))).TableNames).toEqual(['drill-Projection']);
    expect((await doc().send(new GetCommand({ TableName: 'drill-Projection', Key: { pk: 'p', sk: 's' } }))).Item).toBeUndefined();
  });
});

describe('without a usable Java', () => {
  it('refuses DynamoDB calls with a message saying what to install', async () => {
    const javaless = await withRuntime({ dynamodb: { javaCommand: '/nonexistent/bin/java' } });
    const client = new DynamoDBClient(clientConfig(javaless));
    try {
      const error = await failure(client.send(new ListTablesCommand({})));
      expect(error).toMatchObject({ name: 'InternalServerError', status: 500 });
      expect(error.message).toMatch(/DynamoDB Local needs Java 17\+.*apt-get install openjdk-17-jre-headless.*JAVA_HOME/);
    } finally {
      client.destroy();
      await javaless.stop();
    }
  });
});
