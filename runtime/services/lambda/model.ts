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
  /** The function's resource-based policy (AddPermission); absent means none. */
  policy?: PolicyStatement[];
  /** ReservedConcurrentExecutions; absent means the runtime's default cap. */
  reservedConcurrency?: number;
  codeSha256: string;
  codeSize: number;
  revisionId: string;
  lastModified: string;
}

/** A statement of a function's resource-based policy, as GetPolicy returns it. */
export interface PolicyStatement {
  Sid: string;
  Effect: 'Allow';
  Principal: { Service: string } | { AWS: string } | '*';
  Action: string;
  Resource: string;
  Condition?: Record<string, Record<string, string>>;
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
