import type { DeleteApiDestinationRequest, DeleteApiDestinationResponse } from '@aws-sdk/client-eventbridge';
import { resourceName } from '../api-destination-inputs';
import { existingApiDestination } from '../api-destination-lookup';
import { operation } from '../events';

/** Rules that still target it fail their deliveries with NO_RESOURCE (https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_DeleteApiDestination.html). */
export const deleteApiDestination = operation<DeleteApiDestinationRequest, DeleteApiDestinationResponse>({
  name: 'DeleteApiDestination',
  input: { Name: resourceName },
  run(events, input, ctx) {
    const destination = existingApiDestination(events, ctx, input.Name, 'events:DeleteApiDestination');
    events.apiDestinations.deleteApiDestination(destination.name);
    events.apiDestinations.commit();
    return {};
  },
});
