import type {
  ConnectionAuthResponseParameters,
  ConnectionHttpParameters,
  CreateConnectionAuthRequestParameters,
  DescribeApiDestinationResponse,
  DescribeConnectionResponse,
} from '@aws-sdk/client-eventbridge';
import type { ApiDestination, Connection } from './api-destinations-store';

/**
 * Connections and API destinations as the operations return them. Secrets never leave the store: API key values,
 * passwords, client secrets and parameters marked IsValueSecret are left out, as DescribeConnection does
 * (https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_DescribeConnection.html).
 */

const time = (iso: string) => new Date(iso);

export function connectionTimes(connection: Connection) {
  return { CreationTime: time(connection.createdAt), LastModifiedTime: time(connection.modifiedAt), LastAuthorizedTime: time(connection.authorizedAt) };
}

export function connectionSummary(connection: Connection) {
  return {
    ConnectionArn: connection.arn,
    Name: connection.name,
    ConnectionState: 'AUTHORIZED' as const,
    AuthorizationType: connection.authorizationType,
    ...connectionTimes(connection),
  };
}

export function describeConnectionView(connection: Connection): DescribeConnectionResponse {
  return {
    ...connectionSummary(connection),
    ...(connection.description !== undefined ? { Description: connection.description } : {}),
    SecretArn: connection.secretArn,
    AuthParameters: withoutSecrets(connection.authParameters),
  };
}

function withoutSecrets(auth: CreateConnectionAuthRequestParameters): ConnectionAuthResponseParameters {
  const oauth = auth.OAuthParameters;
  return {
    ...(auth.ApiKeyAuthParameters ? { ApiKeyAuthParameters: { ApiKeyName: auth.ApiKeyAuthParameters.ApiKeyName } } : {}),
    ...(auth.BasicAuthParameters ? { BasicAuthParameters: { Username: auth.BasicAuthParameters.Username } } : {}),
    ...(oauth
      ? {
          OAuthParameters: {
            ClientParameters: { ClientID: oauth.ClientParameters?.ClientID },
            AuthorizationEndpoint: oauth.AuthorizationEndpoint,
            HttpMethod: oauth.HttpMethod,
            ...(oauth.OAuthHttpParameters ? { OAuthHttpParameters: publicParameters(oauth.OAuthHttpParameters) } : {}),
          },
        }
      : {}),
    ...(auth.InvocationHttpParameters ? { InvocationHttpParameters: publicParameters(auth.InvocationHttpParameters) } : {}),
  };
}

function publicParameters(parameters: ConnectionHttpParameters): ConnectionHttpParameters {
  const hide = <P extends { IsValueSecret?: boolean; Value?: string }>(list: P[] | undefined) =>
    list?.map((p) => (p.IsValueSecret ? { ...p, Value: undefined } : p));
  return {
    ...(parameters.HeaderParameters ? { HeaderParameters: hide(parameters.HeaderParameters) } : {}),
    ...(parameters.QueryStringParameters ? { QueryStringParameters: hide(parameters.QueryStringParameters) } : {}),
    ...(parameters.BodyParameters ? { BodyParameters: hide(parameters.BodyParameters) } : {}),
  };
}

export function apiDestinationTimes(destination: ApiDestination) {
  return { CreationTime: time(destination.createdAt), LastModifiedTime: time(destination.modifiedAt) };
}

export function apiDestinationView(destination: ApiDestination): DescribeApiDestinationResponse {
  return {
    ApiDestinationArn: destination.arn,
    Name: destination.name,
    ...(destination.description !== undefined ? { Description: destination.description } : {}),
    ApiDestinationState: 'ACTIVE',
    ConnectionArn: destination.connectionArn,
    InvocationEndpoint: destination.invocationEndpoint,
    HttpMethod: destination.httpMethod as DescribeApiDestinationResponse['HttpMethod'],
    InvocationRateLimitPerSecond: destination.invocationRateLimitPerSecond,
    ...apiDestinationTimes(destination),
  };
}
