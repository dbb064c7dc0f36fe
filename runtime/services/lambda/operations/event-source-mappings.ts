import { randomUUID } from 'node:crypto';
import type { EventSourceMappingConfiguration, ListEventSourceMappingsResponse } from '@aws-sdk/client-lambda';
import { parseArn } from '../../../core/arn';
import type { OperationDefinition } from '../../../core/operation';
import type { ConstraintTable } from '../../../core/validation';
import { lambdaErrors } from '../errors';
import type { Lambda } from '../lambda';
import type { EventSourceMapping, StartingPosition } from '../model';
import { mappingConfiguration } from '../shapes';
import { page } from './paging';

/** Kinesis defaults: https://docs.aws.amazon.com/lambda/latest/api/API_CreateEventSourceMapping.html */
export const DEFAULT_KINESIS_BATCH_SIZE = 100;

interface MappingSettings {
  FunctionName?: string;
  Enabled?: boolean;
  BatchSize?: number;
  MaximumBatchingWindowInSeconds?: number;
  BisectBatchOnFunctionError?: boolean;
  MaximumRetryAttempts?: number;
  MaximumRecordAgeInSeconds?: number;
  ParallelizationFactor?: number;
  FunctionResponseTypes?: string[];
  DestinationConfig?: { OnFailure?: { Destination?: string } };
}

interface CreateInput extends MappingSettings {
  FunctionName: string;
  EventSourceArn: string;
  StartingPosition?: StartingPosition;
  StartingPositionTimestamp?: Date;
}

interface UpdateInput extends MappingSettings {
  UUID: string;
}

const SETTINGS: ConstraintTable = {
  FunctionName: { type: 'string', min: 1, max: 140 },
  Enabled: { type: 'boolean' },
  BatchSize: { type: 'integer', min: 1, max: 10000 },
  MaximumBatchingWindowInSeconds: { type: 'integer', min: 0, max: 300 },
  BisectBatchOnFunctionError: { type: 'boolean' },
  MaximumRetryAttempts: { type: 'integer', min: -1, max: 10000 },
  MaximumRecordAgeInSeconds: { type: 'integer', min: -1, max: 604800 },
  ParallelizationFactor: { type: 'integer', min: 1, max: 10 },
  FunctionResponseTypes: { type: 'list', min: 0, max: 1, member: { type: 'string', enum: ['ReportBatchItemFailures'] } },
  DestinationConfig: {
    type: 'structure',
    members: { OnFailure: { type: 'structure', members: { Destination: { type: 'string', min: 0, max: 350 } } } },
  },
};

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

function applySettings(lambda: Lambda, base: EventSourceMapping, input: MappingSettings): EventSourceMapping {
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

export const createEventSourceMapping: OperationDefinition<Lambda, CreateInput, EventSourceMappingConfiguration> = {
  name: 'CreateEventSourceMapping',
  input: {
    ...SETTINGS,
    FunctionName: { type: 'string', required: true, min: 1, max: 140 },
    EventSourceArn: { type: 'string', required: true, pattern: /^arn:(aws[a-zA-Z0-9-]*):([a-zA-Z0-9\-])+:([a-z]{2}(-gov)?-[a-z]+-\d{1})?:(\d{12})?:(.*)$/ },
    StartingPosition: { type: 'string', enum: ['TRIM_HORIZON', 'LATEST', 'AT_TIMESTAMP'] },
    StartingPositionTimestamp: { type: 'timestamp' },
  },
  run(lambda, input, ctx) {
    const fn = lambda.findFunction(input.FunctionName);
    lambda.authorize(ctx.caller.principal, 'lambda:CreateEventSourceMapping', '*');
    const source = parseArn(input.EventSourceArn);
    if (source?.service !== 'kinesis') throw lambdaErrors.invalidParameter('keydrill supports Kinesis streams as event sources only.');
    if (!input.StartingPosition) throw lambdaErrors.invalidParameter('StartingPosition is required for Kinesis event sources.');
    if (input.StartingPosition === 'AT_TIMESTAMP' && !input.StartingPositionTimestamp) {
      throw lambdaErrors.invalidParameter('StartingPositionTimestamp is required when StartingPosition is AT_TIMESTAMP.');
    }
    const base: EventSourceMapping = {
      uuid: randomUUID(),
      functionArn: fn.arn,
      eventSourceArn: input.EventSourceArn,
      enabled: true,
      batchSize: DEFAULT_KINESIS_BATCH_SIZE,
      maximumBatchingWindowInSeconds: 0,
      startingPosition: input.StartingPosition,
      startingPositionTimestamp: input.StartingPositionTimestamp?.getTime(),
      bisectBatchOnFunctionError: false,
      maximumRetryAttempts: -1,
      maximumRecordAgeInSeconds: -1,
      parallelizationFactor: 1,
      functionResponseTypes: [],
      lastModified: '',
      lastProcessingResult: 'No records processed',
    };
    const mapping = applySettings(lambda, base, { ...input, FunctionName: undefined });
    lambda.store.putMapping(mapping);
    return mappingConfiguration(mapping);
  },
};

const findMapping = (lambda: Lambda, uuid: string) => {
  const mapping = lambda.store.getMapping(uuid);
  if (!mapping) throw lambdaErrors.mappingNotFound();
  return mapping;
};

export const updateEventSourceMapping: OperationDefinition<Lambda, UpdateInput, EventSourceMappingConfiguration> = {
  name: 'UpdateEventSourceMapping',
  input: { ...SETTINGS, UUID: { type: 'string', required: true } },
  run(lambda, input, ctx) {
    const current = findMapping(lambda, input.UUID);
    lambda.authorize(ctx.caller.principal, 'lambda:UpdateEventSourceMapping', '*');
    const mapping = applySettings(lambda, current, input);
    lambda.store.putMapping(mapping);
    return mappingConfiguration(mapping);
  },
};

export const deleteEventSourceMapping: OperationDefinition<Lambda, { UUID: string }, EventSourceMappingConfiguration> = {
  name: 'DeleteEventSourceMapping',
  input: { UUID: { type: 'string', required: true } },
  run(lambda, input, ctx) {
    const mapping = findMapping(lambda, input.UUID);
    lambda.authorize(ctx.caller.principal, 'lambda:DeleteEventSourceMapping', '*');
    lambda.store.deleteMapping(mapping.uuid);
    return { ...mappingConfiguration(mapping), State: 'Deleting' };
  },
};

export const getEventSourceMapping: OperationDefinition<Lambda, { UUID: string }, EventSourceMappingConfiguration> = {
  name: 'GetEventSourceMapping',
  input: { UUID: { type: 'string', required: true } },
  run(lambda, input, ctx) {
    lambda.authorize(ctx.caller.principal, 'lambda:GetEventSourceMapping', '*');
    return mappingConfiguration(findMapping(lambda, input.UUID));
  },
};

export const listEventSourceMappings: OperationDefinition<
  Lambda,
  { EventSourceArn?: string; FunctionName?: string; Marker?: string; MaxItems?: number },
  ListEventSourceMappingsResponse
> = {
  name: 'ListEventSourceMappings',
  input: {
    EventSourceArn: { type: 'string' },
    FunctionName: { type: 'string', min: 1, max: 140 },
    Marker: { type: 'string' },
    MaxItems: { type: 'integer', min: 1, max: 10000 },
  },
  run(lambda, input, ctx) {
    lambda.authorize(ctx.caller.principal, 'lambda:ListEventSourceMappings', '*');
    const functionArn = input.FunctionName ? lambda.findFunction(input.FunctionName).arn : undefined;
    const matching = lambda.store
      .listMappings()
      .filter((m) => (!functionArn || m.functionArn === functionArn) && (!input.EventSourceArn || m.eventSourceArn === input.EventSourceArn));
    const { items, nextMarker } = page(matching, input.Marker, input.MaxItems ?? 100);
    return { EventSourceMappings: items.map(mappingConfiguration), NextMarker: nextMarker };
  },
};
