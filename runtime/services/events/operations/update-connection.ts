import type { UpdateConnectionAuthRequestParameters, UpdateConnectionRequest, UpdateConnectionResponse } from '@aws-sdk/client-eventbridge';
import { authorizationType, authParameters, description, resourceName } from '../api-destination-inputs';
import { existingConnection } from '../api-destination-lookup';
import { connectionTimes } from '../api-destination-views';
import { requireAuthParametersFor } from '../connection-auth';
import { operation } from '../events';

/**
 * Members given replace the stored ones, member by member inside AuthParameters, so a caller may change a key's
 * value without sending its name again (https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_UpdateConnection.html).
 */
export const updateConnection = operation<UpdateConnectionRequest, UpdateConnectionResponse>({
  name: 'UpdateConnection',
  input: { Name: resourceName, Description: description, AuthorizationType: authorizationType, AuthParameters: authParameters },
  run(events, input, ctx) {
    const connection = existingConnection(events, ctx, input.Name, 'events:UpdateConnection');
    const type = input.AuthorizationType ?? connection.authorizationType;
    const given = input.AuthParameters ?? {};
    const merged = {
      ApiKeyAuthParameters: { ...connection.authParameters.ApiKeyAuthParameters, ...given.ApiKeyAuthParameters },
      BasicAuthParameters: { ...connection.authParameters.BasicAuthParameters, ...given.BasicAuthParameters },
      OAuthParameters: {
        ...connection.authParameters.OAuthParameters,
        ...given.OAuthParameters,
        ClientParameters: { ...connection.authParameters.OAuthParameters?.ClientParameters, ...given.OAuthParameters?.ClientParameters },
      },
      InvocationHttpParameters: given.InvocationHttpParameters ?? connection.authParameters.InvocationHttpParameters,
    };
    // Only the credentials of the (new) type are kept: switching from API_KEY to BASIC drops the key.
    const authParametersOfType: UpdateConnectionAuthRequestParameters = {
      ...(type === 'API_KEY' ? { ApiKeyAuthParameters: merged.ApiKeyAuthParameters } : {}),
      ...(type === 'BASIC' ? { BasicAuthParameters: merged.BasicAuthParameters } : {}),
      ...(type === 'OAUTH_CLIENT_CREDENTIALS' ? { OAuthParameters: merged.OAuthParameters } : {}),
      ...(merged.InvocationHttpParameters ? { InvocationHttpParameters: merged.InvocationHttpParameters } : {}),
    };
    requireAuthParametersFor(type, authParametersOfType);
    const now = events.now().toISOString();
    Object.assign(connection, {
      authorizationType: type,
      authParameters: authParametersOfType,
      modifiedAt: now,
      authorizedAt: now,
      ...(input.Description !== undefined ? { description: input.Description } : {}),
    });
    events.apiDestinations.commit();
    return { ConnectionArn: connection.arn, ConnectionState: 'AUTHORIZED', ...connectionTimes(connection) };
  },
});
