import { randomUUID } from 'node:crypto';
import type { EventSourceMappingConfiguration } from '@aws-sdk/client-lambda';
import { parseArn } from '../../../core/arn';
import { lambdaErrors } from '../errors';
import { applySettings, DEFAULT_KINESIS_BATCH_SIZE } from '../event-source-mappings';
import { MAPPING_SETTINGS, type MappingSettings } from '../inputs';
import { operation } from '../lambda';
import type { EventSourceMapping, StartingPosition } from '../model';
import { mappingConfiguration } from '../views';

interface CreateEventSourceMappingInput extends MappingSettings {
  FunctionName: string;
  EventSourceArn: string;
  StartingPosition?: StartingPosition;
  StartingPositionTimestamp?: Date;
}

export const createEventSourceMapping = operation<CreateEventSourceMappingInput, EventSourceMappingConfiguration>({
  name: 'CreateEventSourceMapping',
  input: {
    ...MAPPING_SETTINGS,
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
    lambda.store.commit();
    return mappingConfiguration(mapping);
  },
});
