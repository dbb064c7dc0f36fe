import type { EventSourceMappingConfiguration, FunctionConfiguration } from '@aws-sdk/client-lambda';
import { arn, parseArn } from '../../core/arn';
import { LATEST, logGroupName, type EventSourceMapping, type LambdaFunction } from './model';

/** Lambda renders LastModified as `2024-01-31T12:00:00.000+0000`. */
export const lambdaTimestamp = (d: Date) => d.toISOString().replace('Z', '+0000');

export function functionConfiguration(fn: LambdaFunction): FunctionConfiguration {
  return {
    FunctionName: fn.name,
    FunctionArn: fn.arn,
    Runtime: fn.runtime as FunctionConfiguration['Runtime'],
    Role: fn.role,
    Handler: fn.handler,
    CodeSize: fn.codeSize,
    Description: fn.description,
    Timeout: fn.timeoutSeconds,
    MemorySize: fn.memorySize,
    LastModified: fn.lastModified,
    CodeSha256: fn.codeSha256,
    Version: LATEST,
    Environment: { Variables: fn.environment },
    TracingConfig: { Mode: 'PassThrough' },
    RevisionId: fn.revisionId,
    State: 'Active',
    LastUpdateStatus: 'Successful',
    PackageType: 'Zip',
    Architectures: ['x86_64'],
    EphemeralStorage: { Size: 512 },
    LoggingConfig: { LogFormat: 'Text', LogGroup: logGroupName(fn.name) },
  };
}

export function mappingConfiguration(m: EventSourceMapping): EventSourceMappingConfiguration {
  const fn = parseArn(m.functionArn);
  return {
    UUID: m.uuid,
    StartingPosition: m.startingPosition,
    StartingPositionTimestamp: m.startingPositionTimestamp === undefined ? undefined : new Date(m.startingPositionTimestamp),
    BatchSize: m.batchSize,
    MaximumBatchingWindowInSeconds: m.maximumBatchingWindowInSeconds,
    ParallelizationFactor: m.parallelizationFactor,
    EventSourceArn: m.eventSourceArn,
    FunctionArn: m.functionArn,
    LastModified: new Date(m.lastModified),
    LastProcessingResult: m.lastProcessingResult,
    State: m.enabled ? 'Enabled' : 'Disabled',
    StateTransitionReason: 'User action',
    DestinationConfig: { OnFailure: m.onFailureDestination ? { Destination: m.onFailureDestination } : {} },
    MaximumRecordAgeInSeconds: m.maximumRecordAgeInSeconds,
    BisectBatchOnFunctionError: m.bisectBatchOnFunctionError,
    MaximumRetryAttempts: m.maximumRetryAttempts,
    TumblingWindowInSeconds: 0,
    FunctionResponseTypes: m.functionResponseTypes as EventSourceMappingConfiguration['FunctionResponseTypes'],
    EventSourceMappingArn: fn ? arn('lambda', fn.region, fn.account, `event-source-mapping:${m.uuid}`) : undefined,
  };
}
