import {
  CreateStreamCommand,
  DescribeStreamCommand,
  DescribeStreamSummaryCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  KinesisClient,
  ListShardsCommand,
  ListStreamsCommand,
  PutRecordCommand,
  PutRecordsCommand,
  type StreamStatus,
} from '@aws-sdk/client-kinesis';
import { BackendError, ON_DEMAND_SHARD_COUNT } from '../../runtime/backends';
import { rootPrincipal } from '../../runtime/identity/principal';
import { rawRequest } from '../helpers/raw-request';
import { clientConfig, failure, useRuntime, withRuntime } from '../helpers/runtime';
import { tempDataDir } from '../helpers/temp-data-dir';
import { control } from '../helpers/control-plane';

// The fixture's clients have the SDK's default request handler, exactly as applications create them.
const env = useRuntime();
const admin = () => ({ principal: rootPrincipal(env.runtime.account) });

/** The SDK's waiter polls once a second at best; kinesalite here takes milliseconds. */
async function waitActive(client: KinesisClient, name: string): Promise<string> {
  for (;;) {
    const { StreamDescriptionSummary } = await client.send(new DescribeStreamSummaryCommand({ StreamName: name }));
    if (StreamDescriptionSummary!.StreamStatus === ('ACTIVE' satisfies StreamStatus)) return StreamDescriptionSummary!.StreamARN!;
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function createActiveStream(name: string, shards = 1): Promise<string> {
  await env.clients.kinesis.send(new CreateStreamCommand({ StreamName: name, ShardCount: shards }));
  return waitActive(env.clients.kinesis, name);
}

const text = (data: Uint8Array | undefined) => Buffer.from(data ?? []).toString('utf8');

const kinesisTarget = (operation: string) => ({ 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `Kinesis_20131202.${operation}` });

describe('Kinesis through the edge, with the unmodified client', () => {
  it('uses the client default HTTP/2 handler', () => {
    expect(env.clients.kinesis.config.requestHandler.constructor.name).toBe('NodeHttp2Handler');
  });

  it('round-trips records: CreateStream, PutRecord, PutRecords, GetShardIterator, GetRecords', async () => {
    const arn = await createActiveStream('round-trip', 2);
    expect(arn).toBe(`arn:aws:kinesis:${env.runtime.region}:${env.runtime.account}:stream/round-trip`);
    const one = await env.clients.kinesis.send(new PutRecordCommand({ StreamName: 'round-trip', PartitionKey: 'k', Data: Buffer.from('first') }));
    const batch = await env.clients.kinesis.send(
      new PutRecordsCommand({ StreamName: 'round-trip', Records: ['second', 'third'].map((d) => ({ PartitionKey: 'k', Data: Buffer.from(d) })) }),
    );
    expect(batch.FailedRecordCount).toBe(0);
    expect(new Set(batch.Records!.map((r) => r.ShardId))).toEqual(new Set([one.ShardId]));
    const { ShardIterator } = await env.clients.kinesis.send(new GetShardIteratorCommand({ StreamName: 'round-trip', ShardId: one.ShardId, ShardIteratorType: 'TRIM_HORIZON' }));
    const { Records, NextShardIterator } = await env.clients.kinesis.send(new GetRecordsCommand({ ShardIterator }));
    expect(Records!.map((r) => text(r.Data))).toEqual(['first', 'second', 'third']);
    expect(Records![0].SequenceNumber).toBe(one.SequenceNumber);
    expect(NextShardIterator).toEqual(expect.any(String));
  });

  it('serves calls addressed by StreamARN only (kinesalite needs the name; the edge supplies it)', async () => {
    const arn = await createActiveStream('by-arn', 2);
    const { Shards } = await env.clients.kinesis.send(new ListShardsCommand({ StreamARN: arn }));
    expect(Shards!.map((s) => s.ShardId)).toEqual(['shardId-000000000000', 'shardId-000000000001']);
    const put = await env.clients.kinesis.send(new PutRecordCommand({ StreamARN: arn, PartitionKey: 'p', Data: Buffer.from('via arn') }));
    const { ShardIterator } = await env.clients.kinesis.send(
      new GetShardIteratorCommand({ StreamARN: arn, ShardId: put.ShardId, ShardIteratorType: 'AT_SEQUENCE_NUMBER', StartingSequenceNumber: put.SequenceNumber }),
    );
    const { Records } = await env.clients.kinesis.send(new GetRecordsCommand({ StreamARN: arn, ShardIterator }));
    expect(Records!.map((r) => text(r.Data))).toEqual(['via arn']);
    const summary = await env.clients.kinesis.send(new DescribeStreamSummaryCommand({ StreamARN: arn }));
    expect(summary.StreamDescriptionSummary!.StreamName).toBe('by-arn');
  });

  it('refuses a malformed StreamARN with the API constraint, as AWS does', async () => {
    expect(await failure(env.clients.kinesis.send(new ListShardsCommand({ StreamARN: 'arn:aws:sqs:us-east-1:000000000000:queue' })))).toEqual({
      name: 'ValidationException',
      status: 400,
      message: expect.stringContaining("Value 'arn:aws:sqs:us-east-1:000000000000:queue' at 'streamARN' failed to satisfy constraint: Member must satisfy regular expression pattern"),
    });
  });

  it(`creates an ON_DEMAND stream without ShardCount (with ${ON_DEMAND_SHARD_COUNT} shards)`, async () => {
    await env.clients.kinesis.send(new CreateStreamCommand({ StreamName: 'on-demand', StreamModeDetails: { StreamMode: 'ON_DEMAND' } }));
    await waitActive(env.clients.kinesis, 'on-demand');
    const { Shards } = await env.clients.kinesis.send(new ListShardsCommand({ StreamName: 'on-demand' }));
    expect(Shards).toHaveLength(ON_DEMAND_SHARD_COUNT);
  });

  it("relays kinesalite's errors with AWS's code, status and message", async () => {
    expect(await failure(env.clients.kinesis.send(new DescribeStreamCommand({ StreamName: 'no-such-stream' })))).toEqual({
      name: 'ResourceNotFoundException',
      status: 400,
      message: `Stream no-such-stream under account ${env.runtime.account} not found.`,
    });
  });

  it('refuses unknown credentials with UnrecognizedClientException and a wrong secret with InvalidSignatureException', async () => {
    const stranger = env.clientsAs({ accessKeyId: 'AKIANOBODYKNOWS00000', secretAccessKey: 'x'.repeat(40) }).kinesis;
    const forger = env.clientsAs({ accessKeyId: env.runtime.env.AWS_ACCESS_KEY_ID, secretAccessKey: 'wrong'.repeat(8) }).kinesis;
    expect(await failure(stranger.send(new ListStreamsCommand({})))).toMatchObject({ name: 'UnrecognizedClientException', status: 400 });
    expect(await failure(forger.send(new ListStreamsCommand({})))).toMatchObject({ name: 'InvalidSignatureException', status: 400 });
  });

  it('answers an unknown Kinesis operation with UnknownOperationException', async () => {
    const res = await rawRequest(env.runtime, { headers: kinesisTarget('FlyToTheMoon'), body: '{}', service: 'kinesis' });
    expect(res.status).toBe(400);
    expect(res.json().__type).toBe('UnknownOperationException');
  });

  it('answers malformed JSON with SerializationException', async () => {
    const res = await rawRequest(env.runtime, { headers: kinesisTarget('ListStreams'), body: '{"Limit":', service: 'kinesis' });
    expect(res.status).toBe(400);
    expect(res.headers.get('x-amzn-errortype')).toBe('SerializationException');
  });
});

describe('injected faults', () => {
  it('fail HTTP calls through the control plane, then clear by count', async () => {
    await createActiveStream('faulty');
    const res = await control(env.runtime, 'faults', {
      method: 'POST',
      body: { service: 'kinesis', operation: 'PutRecord', errorCode: 'ProvisionedThroughputExceededException', status: 400, count: 1 },
    });
    expect(res.status).toBe(201);
    const put = () => env.clients.kinesis.send(new PutRecordCommand({ StreamName: 'faulty', PartitionKey: 'k', Data: Buffer.from('x') }));
    expect(await failure(put())).toEqual({ name: 'ProvisionedThroughputExceededException', status: 400, message: 'Injected fault: ProvisionedThroughputExceededException' });
    await expect(put()).resolves.toMatchObject({ ShardId: 'shardId-000000000000' });
  });

  it('fail dispatcher calls the same way', async () => {
    env.runtime.faults.add({ service: 'kinesis', operation: 'ListStreams', errorCode: 'LimitExceededException', count: 1 });
    await expect(env.runtime.dispatcher.call('kinesis', 'ListStreams', {}, admin())).rejects.toMatchObject({ code: 'LimitExceededException' });
    await expect(env.runtime.dispatcher.call('kinesis', 'ListStreams', {}, admin())).resolves.toMatchObject({ StreamNames: expect.arrayContaining(['faulty']) });
  });
});

describe('the in-process dispatcher path', () => {
  it('takes and returns JSON wire shapes (base64 blobs), addressed by ARN', async () => {
    const arn = await createActiveStream('in-process');
    const put = await env.runtime.dispatcher.call<{ ShardId: string }>('kinesis', 'PutRecord', { StreamARN: arn, PartitionKey: 'k', Data: Buffer.from('wire').toString('base64') }, admin());
    const { ShardIterator } = await env.runtime.dispatcher.call<{ ShardIterator: string }>('kinesis', 'GetShardIterator', { StreamARN: arn, ShardId: put.ShardId, ShardIteratorType: 'TRIM_HORIZON' }, admin());
    const { Records } = await env.runtime.dispatcher.call<{ Records: { Data: string }[] }>('kinesis', 'GetRecords', { ShardIterator }, admin());
    expect(Records.map((r) => Buffer.from(r.Data, 'base64').toString())).toEqual(['wire']);
  });

  it("raises kinesalite's errors as ServiceErrors", async () => {
    const error = await env.runtime.dispatcher.call('kinesis', 'DescribeStreamSummary', { StreamName: 'absent' }, admin()).catch((e) => e);
    expect(error).toBeInstanceOf(BackendError);
    expect(error).toMatchObject({ code: 'ResourceNotFoundException', status: 400, message: `Stream absent under account ${env.runtime.account} not found.` });
  });
});

describe('state', () => {
  it('keeps streams and records across a restart with the same data directory', async () => {
    const dataDir = tempDataDir('kinesis');
    const first = await withRuntime({ dataDir });
    const client = new KinesisClient(clientConfig(first));
    await client.send(new CreateStreamCommand({ StreamName: 'durable', ShardCount: 1 }));
    await waitActive(client, 'durable');
    const put = await client.send(new PutRecordCommand({ StreamName: 'durable', PartitionKey: 'k', Data: Buffer.from('kept') }));
    client.destroy();
    await first.stop();

    const second = await withRuntime({ dataDir });
    const again = new KinesisClient(clientConfig(second));
    try {
      const { ShardIterator } = await again.send(new GetShardIteratorCommand({ StreamName: 'durable', ShardId: put.ShardId, ShardIteratorType: 'TRIM_HORIZON' }));
      const { Records } = await again.send(new GetRecordsCommand({ ShardIterator }));
      expect(Records!.map((r) => text(r.Data))).toEqual(['kept']);
    } finally {
      again.destroy();
      await second.stop();
    }
  });

  it('reset deletes every stream', async () => {
    expect((await env.clients.kinesis.send(new ListStreamsCommand({}))).StreamNames!.length).toBeGreaterThan(0);
    await env.runtime.reset();
    expect((await env.clients.kinesis.send(new ListStreamsCommand({}))).StreamNames).toEqual([]);
  });
});
