import { RequestGate } from '../core/request-gate';
import type { ProtocolBinding, ServiceFactory } from '../core/service-module';
import { BackendHttp } from './backend-http';
import { BackendService, type BackendBinding } from './backend-service';
import { DEFAULT_DYNAMODB_CONFIG, DynamoDbLocalBackend, type DynamoDbConfig } from './dynamodb-local';
import { DEFAULT_KINESIS_CONFIG, KinesaliteBackend, type KinesisConfig } from './kinesalite-backend';
import { DYNAMODB_SHAPES } from './dynamodb-shapes';
import { KINESIS_SHAPES } from './kinesis-shapes';
import { kinesisRequest } from './kinesis-request';

export type { DynamoDbConfig } from './dynamodb-local';
export type { KinesisConfig } from './kinesalite-backend';
export { BackendError } from './backend-error';
export { ON_DEMAND_SHARD_COUNT } from './kinesis-request';

/** The operations kinesalite 3.3.3 implements (its index.js); it refuses the rest with UnknownOperationException. */
const KINESALITE_OPERATIONS = [
  'AddTagsToStream', 'CreateStream', 'DecreaseStreamRetentionPeriod', 'DeleteStream', 'DescribeStream', 'DescribeStreamSummary', 'GetRecords',
  'GetShardIterator', 'IncreaseStreamRetentionPeriod', 'ListShards', 'ListStreams', 'ListTagsForStream', 'MergeShards', 'PutRecord', 'PutRecords',
  'RemoveTagsFromStream', 'SplitShard',
] as const;

/**
 * The operations DynamoDB Local 3.3 implements (one *Function class each in its jar). Tagging is not among
 * them ("Tagging is not currently supported in DynamoDB Local."); CreateTable accepts Tags and drops them.
 */
const DYNAMODB_LOCAL_OPERATIONS = [
  'BatchExecuteStatement', 'BatchGetItem', 'BatchWriteItem', 'CreateTable', 'DeleteItem', 'DeleteTable', 'DescribeLimits', 'DescribeTable',
  'DescribeTimeToLive', 'ExecuteStatement', 'ExecuteTransaction', 'GetItem', 'ListTables', 'PutItem', 'Query', 'Scan', 'TransactGetItems',
  'TransactWriteItems', 'UpdateItem', 'UpdateTable', 'UpdateTimeToLive',
] as const;

const KINESIS_BINDING: BackendBinding = {
  name: 'kinesis',
  targetPrefix: 'Kinesis_20131202',
  jsonVersion: '1.1',
  operations: KINESALITE_OPERATIONS,
  adapt: kinesisRequest,
  shapes: KINESIS_SHAPES,
  // The SDK sends JSON; a CBOR client reaches kinesalite unchanged (it speaks CBOR), without the StreamARN adaptation.
  opaqueContentTypes: ['application/x-amz-cbor-1.1'],
};

const DYNAMODB_BINDING: BackendBinding = {
  name: 'dynamodb',
  targetPrefix: 'DynamoDB_20120810',
  jsonVersion: '1.0',
  operations: DYNAMODB_LOCAL_OPERATIONS,
  shapes: DYNAMODB_SHAPES,
};

export interface BackendModuleOptions {
  /** kinesalite's stream state durations (CREATING, DELETING, UPDATING) and shard limit. */
  kinesis?: Partial<KinesisConfig>;
  /** DynamoDB Local's java command and start/stop timeouts. */
  dynamodb?: Partial<DynamoDbConfig>;
}

/**
 * Kinesis (kinesalite, in-process) and DynamoDB (DynamoDB Local, a child JVM) behind the runtime: both
 * started on first use, state under `<dataDir>/kinesis` and `<dataDir>/dynamodb` (memory without dataDir).
 * HTTP clients' requests are authenticated here and relayed byte for byte (`serve`); in-process callers
 * reach them through the dispatcher like any service.
 */
export const backendsModule: ServiceFactory<BackendModuleOptions> = async (ctx, options) => {
  const kinesalite: KinesaliteBackend = new KinesaliteBackend({ ...DEFAULT_KINESIS_CONFIG, ...options.kinesis }, ctx.dataPath('kinesis'), ctx.scope, () => kinesisHttp.settled());
  const dynamoDbLocal = new DynamoDbLocalBackend({ ...DEFAULT_DYNAMODB_CONFIG, ...options.dynamodb }, ctx.dataPath('dynamodb'), ctx.dataPath('dynamodb-local.pid'));
  await dynamoDbLocal.endLeftover();
  const kinesisHttp: BackendHttp = new BackendHttp(() => kinesalite.endpoint());
  const dynamodbHttp = dynamoDbLocal.http;
  const services = [new BackendService(KINESIS_BINDING, kinesisHttp, ctx.faults), new BackendService(DYNAMODB_BINDING, dynamodbHttp, ctx.faults)];
  // Clients' requests and a reset never overlap: the reset deletes what those requests read.
  const gate = new RequestGate();
  return {
    services,
    bindings: services.map((service): ProtocolBinding => ({
      protocol: 'awsJson',
      service: service.name,
      targetPrefix: service.binding.targetPrefix,
      jsonVersion: service.binding.jsonVersion,
      serve: (req, operation, authenticate) => gate.around(() => service.serveHttp(req, operation, authenticate)),
    })),
    reset: () =>
      gate.exclusive(async () => {
        await kinesalite.reset();
        await dynamoDbLocal.reset();
      }),
    async close() {
      dynamodbHttp.close();
      await Promise.all([kinesalite.stop(), dynamoDbLocal.stop()]);
    },
  };
};
