import { randomUUID } from 'node:crypto';
import type { CreateConnectionRequest, CreateConnectionResponse } from '@aws-sdk/client-eventbridge';
import { arn } from '../../../core/arn';
import { randomHex } from '../../../core/ids';
import { authorizationType, authParameters, description, resourceName } from '../api-destination-inputs';
import { connectionTimes } from '../api-destination-views';
import { requireAuthParametersFor } from '../connection-auth';
import { eventsErrors } from '../errors';
import { operation } from '../events';

/** https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_CreateConnection.html */
export const createConnection = operation<CreateConnectionRequest, CreateConnectionResponse>({
  name: 'CreateConnection',
  input: { Name: resourceName, Description: description, AuthorizationType: { ...authorizationType, required: true }, AuthParameters: { ...authParameters, required: true } },
  run(events, input, ctx) {
    const id = randomUUID();
    const connectionArn = events.resourceArn(`connection/${input.Name}/${id}`);
    events.authorize(ctx, 'events:CreateConnection', connectionArn);
    if (events.apiDestinations.connection(input.Name)) throw eventsErrors.connectionExists(input.Name);
    requireAuthParametersFor(input.AuthorizationType, input.AuthParameters);
    const now = events.now().toISOString();
    const connection = {
      name: input.Name,
      arn: connectionArn,
      ...(input.Description !== undefined ? { description: input.Description } : {}),
      authorizationType: input.AuthorizationType,
      authParameters: input.AuthParameters,
      secretArn: arn('secretsmanager', events.scope.region, events.scope.account, `secret:events!connection/${input.Name}/${id}-${randomHex(3)}`),
      createdAt: now,
      modifiedAt: now,
      authorizedAt: now,
    };
    events.apiDestinations.putConnection(connection);
    events.apiDestinations.commit();
    const { LastAuthorizedTime: _authorized, ...times } = connectionTimes(connection);
    return { ConnectionArn: connectionArn, ConnectionState: 'AUTHORIZED', ...times };
  },
});
