import { DeleteTableCommand, DescribeTableCommand, PutItemCommand, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { DeleteStreamCommand, DescribeStreamSummaryCommand } from '@aws-sdk/client-kinesis';
import { DeleteLedgerCommand, DescribeLedgerCommand } from '@aws-sdk/client-qldb';
import { pollUntil } from '../../runtime/core/poll';
import { DeleteQueueCommand, GetQueueUrlCommand, ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import type { CfnTemplate } from '../../runtime/bootstrap/template';
import { failure, useRuntime } from '../helpers/runtime';
import { tempDataDir } from '../helpers/temp-data-dir';

/**
 * Start-up reconciles the deployment record with what exists: a resource the record says is deployed but that
 * was removed behind the runtime's back (through the API here; lost in a crash in issue 11) is created again
 * when the runtime next starts with the same template, and the resources still there are left as they were.
 */
jest.setTimeout(120_000);

const template: CfnTemplate = {
  Resources: {
    Ledger: { Type: 'AWS::QLDB::Ledger', Properties: { Name: 'reconciled', PermissionsMode: 'ALLOW_ALL', DeletionProtection: false } },
    Queue: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'reconciled' } },
    Kept: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'kept' } },
    Stream: { Type: 'AWS::Kinesis::Stream', Properties: { Name: 'reconciled', ShardCount: 2 } },
    Table: { Type: 'AWS::DynamoDB::Table', Properties: { TableName: 'reconciled', BillingMode: 'PAY_PER_REQUEST', KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }] } },
    KeptTable: { Type: 'AWS::DynamoDB::Table', Properties: { TableName: 'kept', BillingMode: 'PAY_PER_REQUEST', KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }] } },
  },
} as CfnTemplate;

const env = useRuntime({ dataDir: tempDataDir('reconcile'), stack: { name: 'reconcile', template } });

const queueUrl = async (name: string) => (await env.clients.sqs.send(new GetQueueUrlCommand({ QueueName: name }))).QueueUrl!;

it('a ledger and a queue deleted between two starts are there again after the second, and the rest kept', async () => {
  const kept = await queueUrl('kept');
  const { MessageId } = await env.clients.sqs.send(new SendMessageCommand({ QueueUrl: kept, MessageBody: 'still here' }));
  await env.clients.qldb.send(new DeleteLedgerCommand({ Name: 'reconciled' }));
  await env.clients.sqs.send(new DeleteQueueCommand({ QueueUrl: await queueUrl('reconciled') }));
  expect((await failure(env.clients.qldb.send(new DescribeLedgerCommand({ Name: 'reconciled' })))).name).toBe('ResourceNotFoundException');

  await env.restart();

  expect((await env.clients.qldb.send(new DescribeLedgerCommand({ Name: 'reconciled' }))).State).toBe('ACTIVE');
  expect(await queueUrl('reconciled')).toMatch(/\/reconciled$/);
  // The queue nobody touched is the same queue: not re-created empty.
  const { Messages } = await env.clients.sqs.send(new ReceiveMessageCommand({ QueueUrl: kept, WaitTimeSeconds: 0 }));
  expect(Messages?.map((m) => m.MessageId)).toEqual([MessageId]);
});

it('a Kinesis stream and a DynamoDB table deleted between two starts are created again as the template says; a table nobody touched keeps its items', async () => {
  await env.clients.dynamodb.send(new PutItemCommand({ TableName: 'kept', Item: { pk: { S: 'still here' } } }));
  await env.clients.kinesis.send(new DeleteStreamCommand({ StreamName: 'reconciled' }));
  await env.clients.dynamodb.send(new DeleteTableCommand({ TableName: 'reconciled' }));
  // kinesalite ends a deletion on its own timer: wait until the stream is really gone.
  // (While it is DELETING, DescribeStreamSummary still answers: that is "not yet", not a failure of the test.)
  await pollUntil('the stream to be deleted', () =>
    env.clients.kinesis.send(new DescribeStreamSummaryCommand({ StreamName: 'reconciled' })).then(
      () => undefined,
      (e: Error) => (e.name === 'ResourceNotFoundException' ? true : undefined),
    ),
  );

  await env.restart();

  const { StreamDescriptionSummary } = await env.clients.kinesis.send(new DescribeStreamSummaryCommand({ StreamName: 'reconciled' }));
  expect([StreamDescriptionSummary!.StreamStatus, StreamDescriptionSummary!.OpenShardCount]).toEqual(['ACTIVE', 2]);
  expect((await env.clients.dynamodb.send(new DescribeTableCommand({ TableName: 'reconciled' }))).Table!.KeySchema).toEqual([{ AttributeName: 'pk', KeyType: 'HASH' }]);
  expect((await env.clients.dynamodb.send(new GetItemCommand({ TableName: 'kept', Key: { pk: { S: 'still here' } } }))).Item).toEqual({ pk: { S: 'still here' } });
});
