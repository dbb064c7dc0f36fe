import { join } from 'node:path';
import type { FaultRegistry } from '../core/faults';
import type { EdgeRequest, EdgeResponse } from '../edge/edge-request';
import type { Authenticator } from '../protocol/aws-json';
import { BackendHttp } from './backend-http';
import { BackendService, type BackendBinding } from './backend-service';
import { DEFAULT_DYNAMODB_CONFIG, DynamoDbLocalBackend, type DynamoDbConfig } from './dynamodb-local';
import { DEFAULT_KINESIS_CONFIG, KinesaliteBackend, type KinesisConfig } from './kinesalite-backend';
import { kinesisRequest } from './kinesis-request';

export { DEFAULT_DYNAMODB_CONFIG, type DynamoDbConfig } from './dynamodb-local';
export { DEFAULT_KINESIS_CONFIG, type KinesisConfig } from './kinesalite-backend';
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
  // The SDK sends JSON; a CBOR client reaches kinesalite unchanged (it speaks CBOR), without the StreamARN adaptation.
  opaqueContentTypes: ['application/x-amz-cbor-1.1'],
};

const DYNAMODB_BINDING: BackendBinding = { name: 'dynamodb', targetPrefix: 'DynamoDB_20120810', jsonVersion: '1.0', operations: DYNAMODB_LOCAL_OPERATIONS };

export interface BackendOptions {
  dataDir?: string;
  kinesis?: Partial<KinesisConfig>;
  dynamodb?: Partial<DynamoDbConfig>;
}

/** Serves a request for a backend's X-Amz-Target prefix; undefined when no backend owns the prefix. */
export type PassThrough = (req: EdgeRequest, targetPrefix: string, operation: string, authenticate: Authenticator) => Promise<EdgeResponse> | undefined;

/**
 * Kinesis (kinesalite, in-process) and DynamoDB (DynamoDB Local, a child JVM) behind the runtime: both
 * started on first use, state under `<dataDir>/kinesis` and `<dataDir>/dynamodb` (memory without dataDir).
 */
export class Backends {
  readonly kinesis: BackendService;
  readonly dynamodb: BackendService;
  private readonly kinesalite: KinesaliteBackend;
  private readonly dynamoDbLocal: DynamoDbLocalBackend;
  private readonly kinesisHttp: BackendHttp;
  private readonly dynamodbHttp: BackendHttp;

  constructor(options: BackendOptions, faults: FaultRegistry, scope: { account: string; region: string }) {
    const dir = (name: string) => (options.dataDir ? join(options.dataDir, name) : undefined);
    this.kinesalite = new KinesaliteBackend({ ...DEFAULT_KINESIS_CONFIG, ...options.kinesis }, dir('kinesis'), scope);
    this.dynamoDbLocal = new DynamoDbLocalBackend({ ...DEFAULT_DYNAMODB_CONFIG, ...options.dynamodb }, dir('dynamodb'));
    this.kinesisHttp = new BackendHttp(() => this.kinesalite.endpoint());
    this.dynamodbHttp = new BackendHttp(() => this.dynamoDbLocal.endpoint());
    this.kinesis = new BackendService(KINESIS_BINDING, this.kinesisHttp, faults);
    this.dynamodb = new BackendService(DYNAMODB_BINDING, this.dynamodbHttp, faults);
  }

  readonly passThrough: PassThrough = (req, targetPrefix, operation, authenticate) => {
    const service = [this.kinesis, this.dynamodb].find((s) => s.binding.targetPrefix === targetPrefix);
    return service?.serveHttp(req, operation, authenticate);
  };

  async reset(): Promise<void> {
    this.kinesisHttp.close();
    await this.kinesalite.reset();
    await this.dynamoDbLocal.reset(this.dynamodbHttp);
  }

  async stop(): Promise<void> {
    this.kinesisHttp.close();
    this.dynamodbHttp.close();
    await Promise.all([this.kinesalite.stop(), this.dynamoDbLocal.stop()]);
  }
}
