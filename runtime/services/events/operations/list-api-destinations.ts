import type { ListApiDestinationsRequest, ListApiDestinationsResponse } from '@aws-sdk/client-eventbridge';
import { page } from '../../../core/paging';
import { connectionArn, limit, namePrefix, nextToken } from '../api-destination-inputs';
import { apiDestinationView } from '../api-destination-views';
import { eventsErrors } from '../errors';
import { operation } from '../events';
import { continuation } from '../views';

/** In name order, optionally only those of one connection (https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_ListApiDestinations.html). */
export const listApiDestinations = operation<ListApiDestinationsRequest, ListApiDestinationsResponse>({
  name: 'ListApiDestinations',
  input: { NamePrefix: namePrefix, ConnectionArn: connectionArn, NextToken: nextToken, Limit: limit },
  run(events, input, ctx) {
    events.authorize(ctx, 'events:ListApiDestinations', events.resourceArn('api-destination/*'));
    const destinations = events.apiDestinations
      .apiDestinations()
      .filter((d) => d.name.startsWith(input.NamePrefix ?? '') && (input.ConnectionArn === undefined || d.connectionArn === input.ConnectionArn));
    const p = page(destinations, input.NextToken, input.Limit ?? 100, eventsErrors.invalidNextToken);
    return { ApiDestinations: p.items.map(({ description: _d, ...d }) => apiDestinationView(d)), ...continuation(p.next) };
  },
});
