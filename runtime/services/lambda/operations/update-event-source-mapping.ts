import type { EventSourceMappingConfiguration } from '@aws-sdk/client-lambda';
import { applySettings, findMapping } from '../event-source-mappings';
import { MAPPING_SETTINGS, MAPPING_UUID, type MappingSettings } from '../inputs';
import { operation } from '../lambda';
import { mappingConfiguration } from '../views';

export const updateEventSourceMapping = operation<MappingSettings & { UUID: string }, EventSourceMappingConfiguration>({
  name: 'UpdateEventSourceMapping',
  input: { ...MAPPING_SETTINGS, UUID: MAPPING_UUID },
  run(lambda, input, ctx) {
    const current = findMapping(lambda, input.UUID);
    lambda.authorize(ctx.caller.principal, 'lambda:UpdateEventSourceMapping', '*');
    const mapping = applySettings(lambda, current, input);
    lambda.store.putMapping(mapping);
    lambda.store.commit();
    return mappingConfiguration(mapping);
  },
});
