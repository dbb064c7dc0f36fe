import type { ListConnectionsRequest, ListConnectionsResponse } from '@aws-sdk/client-eventbridge';
import { page } from '../../../core/paging';
import { limit, namePrefix, nextToken } from '../api-destination-inputs';
import { connectionSummary } from '../api-destination-views';
import { eventsErrors } from '../errors';
import { operation } from '../events';
import { continuation } from '../views';

/** In name order; every keydrill connection is AUTHORIZED (https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_ListConnections.html). */
export const listConnections = operation<ListConnectionsRequest, ListConnectionsResponse>({
  name: 'ListConnections',
  input: {
    NamePrefix: namePrefix,
    ConnectionState: { type: 'string', enum: ['CREATING', 'UPDATING', 'DELETING', 'AUTHORIZED', 'DEAUTHORIZED', 'AUTHORIZING', 'DEAUTHORIZING', 'ACTIVE', 'FAILED_CONNECTIVITY'] },
    NextToken: nextToken,
    Limit: limit,
  },
  run(events, input, ctx) {
    events.authorize(ctx, 'events:ListConnections', events.resourceArn('connection/*'));
    const connections = events.apiDestinations
      .connections()
      .filter((c) => c.name.startsWith(input.NamePrefix ?? '') && (input.ConnectionState === undefined || input.ConnectionState === 'AUTHORIZED'));
    const p = page(connections, input.NextToken, input.Limit ?? 100, eventsErrors.invalidNextToken);
    return { Connections: p.items.map(connectionSummary), ...continuation(p.next) };
  },
});
