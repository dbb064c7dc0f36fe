import type { UpdateApiDestinationRequest, UpdateApiDestinationResponse } from '@aws-sdk/client-eventbridge';
import { connectionArn, description, httpMethod, invocationEndpoint, rateLimit, resourceName } from '../api-destination-inputs';
import { connectionForArn, existingApiDestination } from '../api-destination-lookup';
import { apiDestinationTimes } from '../api-destination-views';
import { operation } from '../events';

/** Members given replace the stored ones (https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_UpdateApiDestination.html). */
export const updateApiDestination = operation<UpdateApiDestinationRequest, UpdateApiDestinationResponse>({
  name: 'UpdateApiDestination',
  input: { Name: resourceName, Description: description, ConnectionArn: connectionArn, InvocationEndpoint: invocationEndpoint, HttpMethod: httpMethod, InvocationRateLimitPerSecond: rateLimit },
  run(events, input, ctx) {
    const destination = existingApiDestination(events, ctx, input.Name, 'events:UpdateApiDestination');
    if (input.ConnectionArn !== undefined) connectionForArn(events, input.ConnectionArn);
    Object.assign(destination, {
      ...(input.Description !== undefined ? { description: input.Description } : {}),
      ...(input.ConnectionArn !== undefined ? { connectionArn: input.ConnectionArn } : {}),
      ...(input.InvocationEndpoint !== undefined ? { invocationEndpoint: input.InvocationEndpoint } : {}),
      ...(input.HttpMethod !== undefined ? { httpMethod: input.HttpMethod } : {}),
      ...(input.InvocationRateLimitPerSecond !== undefined ? { invocationRateLimitPerSecond: input.InvocationRateLimitPerSecond } : {}),
      modifiedAt: events.now().toISOString(),
    });
    events.apiDestinations.commit();
    return { ApiDestinationArn: destination.arn, ApiDestinationState: 'ACTIVE', ...apiDestinationTimes(destination) };
  },
});
