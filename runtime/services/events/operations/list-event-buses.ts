import type { ListEventBusesRequest, ListEventBusesResponse } from '@aws-sdk/client-eventbridge';
import { page } from '../../../core/paging';
import { eventsErrors } from '../errors';
import { operation } from '../events';
import { limit, nextToken } from '../inputs';
import { busView, continuation } from '../views';

export const listEventBuses = operation<ListEventBusesRequest, ListEventBusesResponse>({
  name: 'ListEventBuses',
  input: { NamePrefix: { type: 'string', min: 1, max: 256 }, NextToken: nextToken, Limit: limit },
  run(events, input, ctx) {
    events.authorize(ctx, 'events:ListEventBuses', events.busArn('*'));
    const buses = events.store.buses().filter((bus) => bus.name.startsWith(input.NamePrefix ?? ''));
    const p = page(buses, input.NextToken, input.Limit ?? 100, eventsErrors.invalidNextToken);
    return { EventBuses: p.items.map(busView), ...continuation(p.next) };
  },
});
