import type { EventSourceMappingConfiguration } from '@aws-sdk/client-lambda';
import { findMapping } from '../event-source-mappings';
import { MAPPING_UUID } from '../inputs';
import { operation } from '../lambda';
import { mappingConfiguration } from '../views';

export const getEventSourceMapping = operation<{ UUID: string }, EventSourceMappingConfiguration>({
  name: 'GetEventSourceMapping',
  input: { UUID: MAPPING_UUID },
  run(lambda, input, ctx) {
    lambda.authorize(ctx.caller.principal, 'lambda:GetEventSourceMapping', '*');
    return mappingConfiguration(findMapping(lambda, input.UUID));
  },
});
