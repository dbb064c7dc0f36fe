import { parseArn } from '../../core/arn';
import { lambdaErrors } from './errors';
import type { MappingSettings } from './inputs';
import type { Lambda } from './lambda';
import type { EventSourceMapping } from './model';

/** Kinesis defaults: https://docs.aws.amazon.com/lambda/latest/api/API_CreateEventSourceMapping.html */
export const DEFAULT_KINESIS_BATCH_SIZE = 100;

/** Cross-field rules Lambda checks beyond the model's constraints. */
function checkSettings(m: EventSourceMapping): void {
  if (m.maximumRecordAgeInSeconds !== -1 && m.maximumRecordAgeInSeconds < 60) {
    throw lambdaErrors.invalidParameter('MaximumRecordAgeInSeconds must be -1 or between 60 and 604800.');
  }
  // keydrill polls each shard with one batch in flight; more would not change the order it delivers.
  if (m.parallelizationFactor !== 1) throw lambdaErrors.invalidParameter('keydrill supports ParallelizationFactor 1 only.');
  const destination = m.onFailureDestination && parseArn(m.onFailureDestination);
  if (m.onFailureDestination && (!destination || destination.service !== 'sqs')) {
    throw lambdaErrors.invalidParameter('keydrill supports SQS queues as on-failure destinations only.');
  }
}

/** The mapping with the settings of a Create or Update request applied, checked. */
export function applySettings(lambda: Lambda, base: EventSourceMapping, input: MappingSettings): EventSourceMapping {
  const next: EventSourceMapping = {
    ...base,
    functionArn: input.FunctionName ? lambda.findFunction(input.FunctionName).arn : base.functionArn,
    enabled: input.Enabled ?? base.enabled,
    batchSize: input.BatchSize ?? base.batchSize,
    maximumBatchingWindowInSeconds: input.MaximumBatchingWindowInSeconds ?? base.maximumBatchingWindowInSeconds,
    bisectBatchOnFunctionError: input.BisectBatchOnFunctionError ?? base.bisectBatchOnFunctionError,
    maximumRetryAttempts: input.MaximumRetryAttempts ?? base.maximumRetryAttempts,
    maximumRecordAgeInSeconds: input.MaximumRecordAgeInSeconds ?? base.maximumRecordAgeInSeconds,
    parallelizationFactor: input.ParallelizationFactor ?? base.parallelizationFactor,
    functionResponseTypes: input.FunctionResponseTypes ?? base.functionResponseTypes,
    onFailureDestination: input.DestinationConfig ? input.DestinationConfig.OnFailure?.Destination || undefined : base.onFailureDestination,
    lastModified: lambda.clock.now().toISOString(),
  };
  checkSettings(next);
  return next;
}

export function findMapping(lambda: Lambda, uuid: string): EventSourceMapping {
  const mapping = lambda.store.getMapping(uuid);
  if (!mapping) throw lambdaErrors.mappingNotFound();
  return mapping;
}
