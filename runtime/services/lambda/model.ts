import type { Credentials } from '../../identity/identity-store';

/** A function as the runtime keeps it: its configuration plus where its code lives locally. */
export interface LambdaFunction {
  name: string;
  arn: string;
  /** The execution role's ARN. */
  role: string;
  /** `file.export`, as in the template; the export is the part after the last dot. */
  handler: string;
  runtime: string;
  description: string;
  timeoutSeconds: number;
  memorySize: number;
  environment: Record<string, string>;
  /** The handler module, relative to the project root (the resource's `keydrill:entry` metadata). */
  entry: string;
  /** ReservedConcurrentExecutions; absent means the runtime's default cap. */
  reservedConcurrency?: number;
  codeSha256: string;
  codeSize: number;
  revisionId: string;
  lastModified: string;
}

export type StartingPosition = 'TRIM_HORIZON' | 'LATEST' | 'AT_TIMESTAMP';

/** A Kinesis event source mapping. Settings keep AWS's names so they render as the API does. */
export interface EventSourceMapping {
  uuid: string;
  functionArn: string;
  eventSourceArn: string;
  enabled: boolean;
  batchSize: number;
  maximumBatchingWindowInSeconds: number;
  startingPosition: StartingPosition;
  /** Epoch milliseconds, for AT_TIMESTAMP. */
  startingPositionTimestamp?: number;
  bisectBatchOnFunctionError: boolean;
  maximumRetryAttempts: number;
  maximumRecordAgeInSeconds: number;
  parallelizationFactor: number;
  functionResponseTypes: string[];
  onFailureDestination?: string;
  lastModified: string;
  lastProcessingResult: string;
}

/** The runtime's Lambda knobs (RuntimeOptions.lambda). */
export interface LambdaConfig {
  /** Concurrent execution environments per function without ReservedConcurrentExecutions. */
  defaultConcurrency: number;
  /** How long the credentials handed to an execution environment live. */
  credentialLifetimeMs: number;
  /** Environments whose credentials expire within this margin are retired instead of reused. */
  credentialRefreshMarginMs: number;
  /** Delay before each of the two retries of a failed asynchronous (Event) invocation; AWS waits about 1 and 2 minutes. */
  asyncRetryDelayMs: number;
  /** How long an idle execution environment stays warm before it is stopped. */
  idleEnvironmentMs: number;
  /** Event source mappings: pause between polls of a shard that had no new records (AWS polls about once a second). */
  pollIntervalMs: number;
  /** Event source mappings: pause before retrying a failed batch, a throttled invoke or a failing stream call. */
  retryBackoffMs: number;
  /** Event source mappings: how often the shard list of a stream is re-read to find new shards. */
  shardRefreshMs: number;
}

export const DEFAULT_LAMBDA_CONFIG: LambdaConfig = {
  defaultConcurrency: 10,
  credentialLifetimeMs: 60 * 60 * 1000,
  credentialRefreshMarginMs: 5 * 60 * 1000,
  asyncRetryDelayMs: 1000,
  idleEnvironmentMs: 5 * 60 * 1000,
  pollIntervalMs: 250,
  retryBackoffMs: 200,
  shardRefreshMs: 5000,
};

export interface RoleCredentials extends Credentials {
  expiration: Date;
}

/** Lambda's payload limit for synchronous invocations (request and response). */
export const MAX_SYNC_PAYLOAD_BYTES = 6 * 1024 * 1024;
/** Lambda's payload limit for asynchronous (Event) invocations. */
export const MAX_ASYNC_PAYLOAD_BYTES = 256 * 1024;
/** X-Amz-Log-Result carries the last 4 KB of the invocation's log. */
export const LOG_TAIL_BYTES = 4096;
export const LATEST = '$LATEST';
export const logGroupName = (functionName: string) => `/aws/lambda/${functionName}`;
