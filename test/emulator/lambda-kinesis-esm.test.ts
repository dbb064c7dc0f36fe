import { KinesisClient, PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { GetEventSourceMappingCommand, ListEventSourceMappingsCommand, UpdateEventSourceMappingCommand } from '@aws-sdk/client-lambda';
import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CfnTemplate } from '../../runtime/bootstrap/template';
import { clientConfig, failure, useRuntime, withRuntime } from '../helpers/runtime';
import { fixtureFunction, lambdaRole } from '../helpers/lambda';
import { tempDataDir } from '../helpers/temp-data-dir';

interface Delivered {
  decoded: string;
  eventID: string;
  kinesis: { sequenceNumber: string };
  [key: string]: unknown;
}

const fast = { pollIntervalMs: 50, retryBackoffMs: 20, shardRefreshMs: 500 };

function stack(recordFile: string, mapping: Record<string, unknown>): CfnTemplate {
  return {
    Resources: {
      Stream: { Type: 'AWS::Kinesis::Stream', Properties: { Name: 'esm-stream', ShardCount: 1 } },
      FailureQueue: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'esm-failures' } },
      ConsumerRole: lambdaRole('consumer-role', ['kinesis:*', 'sqs:*']),
      Consumer: fixtureFunction('kinesis-recorder', 'ConsumerRole', { FunctionName: 'consumer', Timeout: 5, Environment: { Variables: { RECORD_FILE: recordFile } } }),
      Mapping: {
        Type: 'AWS::Lambda::EventSourceMapping',
        Properties: {
          FunctionName: { Ref: 'Consumer' },
          EventSourceArn: { 'Fn::GetAtt': ['Stream', 'Arn'] },
          StartingPosition: 'TRIM_HORIZON',
          ...mapping,
        },
      },
    },
  };
}

/** Every batch the function received, in order. */
const batches = (file: string): Delivered[][] => (existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).map((line) => JSON.parse(line)) : []);

async function eventually<T>(probe: () => T | Promise<T>, done: (value: T) => boolean, timeoutMs = 15000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** One PutRecords call, so the records become readable together and arrive in one batch. */
async function put(kinesis: KinesisClient, ...data: string[]): Promise<string[]> {
  const out = await kinesis.send(new PutRecordsCommand({ StreamName: 'esm-stream', Records: data.map((d) => ({ PartitionKey: 'one-key', Data: Buffer.from(d) })) }));
  expect(out.FailedRecordCount).toBe(0);
  return out.Records!.map((r) => r.SequenceNumber!);
}

describe('a Kinesis event source mapping', () => {
  const dir = tempDataDir('esm');
  const file = () => join(dir, 'delivered.jsonl');
  const env = useRuntime({
    lambda: fast,
    stack: {
      name: 'esm',
      template: stack(join(dir, 'delivered.jsonl'), {
        BatchSize: 10,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        MaximumRetryAttempts: 2,
        DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': ['FailureQueue', 'Arn'] } } },
      }),
    },
  });

  const delivered = () => batches(file()).flat().map((r) => r.decoded);
  const receivePointer = async () => {
    const url = env.runtime.outputs.QueueUrl ?? `${env.runtime.endpoint}/${env.runtime.account}/esm-failures`;
    const out = await eventually(
      () => env.clients.sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 1, WaitTimeSeconds: 1 })),
      (o) => (o.Messages?.length ?? 0) > 0,
    );
    return JSON.parse(out.Messages![0].Body!);
  };

  test('records reach the function in order, in the AWS event shape', async () => {
    const seqs = await put(env.clients.kinesis, 'a1', 'a2', 'a3');
    await eventually(delivered, (d) => d.includes('a3'));
    const records = batches(file()).flat();
    expect(records.map((r) => r.decoded)).toEqual(['a1', 'a2', 'a3']);
    const streamArn = `arn:aws:kinesis:${env.runtime.region}:${env.runtime.account}:stream/esm-stream`;
    const { decoded: _decoded, ...first } = records[0];
    expect(first).toEqual({
      kinesis: {
        kinesisSchemaVersion: '1.0',
        partitionKey: 'one-key',
        sequenceNumber: seqs[0],
        data: Buffer.from('a1').toString('base64'),
        approximateArrivalTimestamp: expect.any(Number),
      },
      eventSource: 'aws:kinesis',
      eventVersion: '1.0',
      eventID: `shardId-000000000000:${seqs[0]}`,
      eventName: 'aws:kinesis:record',
      invokeIdentityArn: `arn:aws:iam::${env.runtime.account}:role/consumer-role`,
      awsRegion: env.runtime.region,
      eventSourceARN: streamArn,
    });
    const [mapping] = (await env.clients.lambda.send(new ListEventSourceMappingsCommand({ FunctionName: 'consumer' }))).EventSourceMappings!;
    expect(mapping).toMatchObject({ EventSourceArn: streamArn, BatchSize: 10, State: 'Enabled', StartingPosition: 'TRIM_HORIZON', MaximumRetryAttempts: 2 });
    expect(mapping.LastProcessingResult).toBe('OK');
  });

  test('a partial batch failure retries from the lowest failed record, then sends a pointer record to the on-failure queue', async () => {
    const before = batches(file()).length;
    const seqs = await put(env.clients.kinesis, 'p1', 'fail:p2', 'p3', 'fail:p4');
    // The first invocation, then MaximumRetryAttempts (2) retries of what failed.
    const got = await eventually(() => batches(file()).slice(before), (b) => b.length >= 3);
    const [firstTry, ...retries] = got.map((b) => b.map((r) => r.decoded));
    expect(firstTry).toEqual(['p1', 'fail:p2', 'p3', 'fail:p4']);
    expect(retries.slice(0, 2)).toEqual([
      ['fail:p2', 'p3', 'fail:p4'],
      ['fail:p2', 'p3', 'fail:p4'],
    ]);
    const pointer = await receivePointer();
    expect(pointer).toMatchObject({
      requestContext: { condition: 'RetryAttemptsExhausted', approximateInvokeCount: 3, functionArn: `arn:aws:lambda:${env.runtime.region}:${env.runtime.account}:function:consumer` },
      version: '1.0',
      KinesisBatchInfo: { shardId: 'shardId-000000000000', startSequenceNumber: seqs[1], endSequenceNumber: seqs[3], batchSize: 3 },
    });
    // The shard moves on past the given-up records.
    await put(env.clients.kinesis, 'after');
    const later = await eventually(() => batches(file()).slice(before + 3), (b) => b.flat().some((r) => r.decoded === 'after'));
    expect(later.flat().map((r) => r.decoded)).toEqual(['after']);
  });

  test('a function error retries the whole batch; Enabled false pauses the mapping', async () => {
    const [mapping] = (await env.clients.lambda.send(new ListEventSourceMappingsCommand({}))).EventSourceMappings!;
    await env.clients.lambda.send(new UpdateEventSourceMappingCommand({ UUID: mapping.UUID, Enabled: false }));
    expect((await env.clients.lambda.send(new GetEventSourceMappingCommand({ UUID: mapping.UUID }))).State).toBe('Disabled');
    const before = batches(file()).length;
    await put(env.clients.kinesis, 'e1', 'throw');
    await new Promise((r) => setTimeout(r, 400));
    expect(batches(file()).length).toBe(before);
    await env.clients.lambda.send(new UpdateEventSourceMappingCommand({ UUID: mapping.UUID, Enabled: true }));
    const got = await eventually(() => batches(file()).slice(before), (b) => b.length >= 3);
    expect(got.map((b) => b.map((r) => r.decoded))).toEqual([
      ['e1', 'throw'],
      ['e1', 'throw'],
      ['e1', 'throw'],
    ]);
    const pointer = await receivePointer();
    expect(pointer.requestContext.condition).toBe('RetryAttemptsExhausted');
    expect(pointer.responseContext.functionError).toBe('Unhandled');
    expect(pointer.KinesisBatchInfo.batchSize).toBe(2);
  });

  test('UpdateEventSourceMapping validates its input; an unknown mapping is ResourceNotFoundException', async () => {
    const [mapping] = (await env.clients.lambda.send(new ListEventSourceMappingsCommand({}))).EventSourceMappings!;
    const bad = await failure(env.clients.lambda.send(new UpdateEventSourceMappingCommand({ UUID: mapping.UUID, BatchSize: 0 })));
    expect(bad.name).toBe('ValidationException');
    expect(bad.message).toContain("Value '0' at 'batchSize' failed to satisfy constraint: Member must have value greater than or equal to 1");
    const age = await failure(env.clients.lambda.send(new UpdateEventSourceMappingCommand({ UUID: mapping.UUID, MaximumRecordAgeInSeconds: 10 })));
    expect(age).toEqual({ name: 'InvalidParameterValueException', status: 400, message: 'MaximumRecordAgeInSeconds must be -1 or between 60 and 604800.' });
    const missing = await failure(env.clients.lambda.send(new GetEventSourceMappingCommand({ UUID: '00000000-0000-0000-0000-000000000000' })));
    expect(missing).toEqual({ name: 'ResourceNotFoundException', status: 404, message: 'The resource you requested does not exist.' });
  });
});

test('checkpoints survive a restart: processing resumes after the last processed record', async () => {
  const dir = tempDataDir('esm-restart');
  const file = join(dir, 'delivered.jsonl');
  const options = { dataDir: join(dir, 'data'), lambda: fast, stack: { name: 'esm', template: stack(file, { BatchSize: 5 }) } };
  let runtime = await withRuntime(options);
  let kinesis = new KinesisClient(clientConfig(runtime));
  await put(kinesis, 'r1', 'r2');
  await eventually(() => batches(file).flat(), (d) => d.length >= 2);
  kinesis.destroy();
  await runtime.stop();

  runtime = await withRuntime(options);
  kinesis = new KinesisClient(clientConfig(runtime));
  await put(kinesis, 'r3');
  const all = await eventually(() => batches(file).flat().map((r) => r.decoded), (d) => d.includes('r3'));
  kinesis.destroy();
  await runtime.stop();
  expect(all).toEqual(['r1', 'r2', 'r3']);
  expect(readFileSync(join(dir, 'data', 'logs', 'consumer.log'), 'utf8')).toMatch(/START RequestId: .*\n[\s\S]*REPORT RequestId: /);
}, 60000);
