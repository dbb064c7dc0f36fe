import type { ConnectionAuthorizationType, CreateConnectionAuthRequestParameters, UpdateConnectionAuthRequestParameters } from '@aws-sdk/client-eventbridge';
import { eventsErrors } from './errors';

/** The AuthParameters member each AuthorizationType needs (https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_CreateConnectionAuthRequestParameters.html). */
const REQUIRED_MEMBER = {
  API_KEY: 'ApiKeyAuthParameters',
  BASIC: 'BasicAuthParameters',
  OAUTH_CLIENT_CREDENTIALS: 'OAuthParameters',
} as const satisfies Record<ConnectionAuthorizationType, keyof CreateConnectionAuthRequestParameters>;

/**
 * A connection's parameters must carry the credentials of its authorization type, complete
 * (docs/eventbridge-api-destinations.md#connections; the message is keydrill's).
 */
export function requireAuthParametersFor(type: ConnectionAuthorizationType, auth: UpdateConnectionAuthRequestParameters): asserts auth is CreateConnectionAuthRequestParameters {
  const member = REQUIRED_MEMBER[type];
  const given = auth[member] as Record<string, unknown> | undefined;
  const complete =
    given !== undefined &&
    (type === 'API_KEY'
      ? auth.ApiKeyAuthParameters?.ApiKeyName !== undefined && auth.ApiKeyAuthParameters.ApiKeyValue !== undefined
      : type === 'BASIC'
        ? auth.BasicAuthParameters?.Username !== undefined && auth.BasicAuthParameters.Password !== undefined
        : auth.OAuthParameters?.ClientParameters?.ClientID !== undefined &&
          auth.OAuthParameters.ClientParameters.ClientSecret !== undefined &&
          auth.OAuthParameters.AuthorizationEndpoint !== undefined &&
          auth.OAuthParameters.HttpMethod !== undefined);
  if (!complete) throw eventsErrors.authParametersMissing(member, type);
}
