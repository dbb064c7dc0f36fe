import type { DeleteConnectionRequest, DeleteConnectionResponse } from '@aws-sdk/client-eventbridge';
import { resourceName } from '../api-destination-inputs';
import { existingConnection } from '../api-destination-lookup';
import { connectionTimes } from '../api-destination-views';
import { operation } from '../events';

/** Answers DELETING, as AWS does; the connection is gone at once (https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_DeleteConnection.html). */
export const deleteConnection = operation<DeleteConnectionRequest, DeleteConnectionResponse>({
  name: 'DeleteConnection',
  input: { Name: resourceName },
  run(events, input, ctx) {
    const connection = existingConnection(events, ctx, input.Name, 'events:DeleteConnection');
    events.apiDestinations.deleteConnection(connection.name);
    events.apiDestinations.commit();
    return { ConnectionArn: connection.arn, ConnectionState: 'DELETING', ...connectionTimes(connection) };
  },
});
