import { randomUUID } from 'node:crypto';
import type { CreateApiDestinationRequest, CreateApiDestinationResponse } from '@aws-sdk/client-eventbridge';
import { connectionArn, description, httpMethod, invocationEndpoint, rateLimit, resourceName } from '../api-destination-inputs';
import { connectionForArn } from '../api-destination-lookup';
import { apiDestinationTimes } from '../api-destination-views';
import { eventsErrors } from '../errors';
import { operation } from '../events';

/** AWS's default when InvocationRateLimitPerSecond is left out. */
const DEFAULT_RATE_LIMIT = 300;

/** https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_CreateApiDestination.html */
export const createApiDestination = operation<CreateApiDestinationRequest, CreateApiDestinationResponse>({
  name: 'CreateApiDestination',
  input: {
    Name: resourceName,
    Description: description,
    ConnectionArn: { ...connectionArn, required: true },
    InvocationEndpoint: { ...invocationEndpoint, required: true },
    HttpMethod: { ...httpMethod, required: true },
    InvocationRateLimitPerSecond: rateLimit,
  },
  run(events, input, ctx) {
    const arn = events.resourceArn(`api-destination/${input.Name}/${randomUUID()}`);
    events.authorize(ctx, 'events:CreateApiDestination', arn);
    if (events.apiDestinations.apiDestination(input.Name)) throw eventsErrors.apiDestinationExists(input.Name);
    connectionForArn(events, input.ConnectionArn);
    const now = events.now().toISOString();
    const destination = {
      name: input.Name,
      arn,
      ...(input.Description !== undefined ? { description: input.Description } : {}),
      connectionArn: input.ConnectionArn,
      invocationEndpoint: input.InvocationEndpoint,
      httpMethod: input.HttpMethod,
      invocationRateLimitPerSecond: input.InvocationRateLimitPerSecond ?? DEFAULT_RATE_LIMIT,
      createdAt: now,
      modifiedAt: now,
    };
    events.apiDestinations.putApiDestination(destination);
    events.apiDestinations.commit();
    return { ApiDestinationArn: arn, ApiDestinationState: 'ACTIVE', ...apiDestinationTimes(destination) };
  },
});
