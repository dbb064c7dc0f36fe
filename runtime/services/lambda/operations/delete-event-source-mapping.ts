import type { EventSourceMappingConfiguration } from '@aws-sdk/client-lambda';
import { findMapping } from '../event-source-mappings';
import { MAPPING_UUID } from '../inputs';
import { operation } from '../lambda';
import { mappingConfiguration } from '../views';

export const deleteEventSourceMapping = operation<{ UUID: string }, EventSourceMappingConfiguration>({
  name: 'DeleteEventSourceMapping',
  input: { UUID: MAPPING_UUID },
  run(lambda, input, ctx) {
    const mapping = findMapping(lambda, input.UUID);
    lambda.authorize(ctx.caller.principal, 'lambda:DeleteEventSourceMapping', '*');
    lambda.store.deleteMapping(mapping.uuid);
    lambda.store.commit();
    return { ...mappingConfiguration(mapping), State: 'Deleting' };
  },
});
