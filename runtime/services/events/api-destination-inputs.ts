import type { Constraint } from '../../core/validation';

/**
 * Constraint fragments of the connection and API destination operations, from the EventBridge service model
 * (https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_CreateConnection.html,
 * API_CreateApiDestination.html).
 */
const NAME = /^[\.\-_A-Za-z0-9]+$/;
export const resourceName = { type: 'string', required: true, min: 1, max: 64, pattern: NAME } satisfies Constraint;
export const namePrefix = { type: 'string', min: 1, max: 64, pattern: NAME } satisfies Constraint;
export const description = { type: 'string', max: 512 } satisfies Constraint;
export const authorizationType = { type: 'string', enum: ['BASIC', 'OAUTH_CLIENT_CREDENTIALS', 'API_KEY'] } satisfies Constraint;
export const connectionArn = { type: 'string', min: 1, max: 1600, pattern: /^arn:aws([a-z]|\-)*:events:([a-z]|\d|\-)*:([0-9]{12})?:connection\/[\.\-_A-Za-z0-9]+\/[\-A-Za-z0-9]+$/ } satisfies Constraint;
export const invocationEndpoint = { type: 'string', min: 1, max: 2048, pattern: /^((%[0-9A-Fa-f]{2}|[-()_.!~*';/?:@&=+$,A-Za-z0-9])+)([).!';/?:,])?$/ } satisfies Constraint;
export const httpMethod = { type: 'string', enum: ['POST', 'GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'DELETE'] } satisfies Constraint;
export const rateLimit = { type: 'integer', min: 1, max: 300 } satisfies Constraint;
export const limit = { type: 'integer', min: 1, max: 100 } satisfies Constraint;
export const nextToken = { type: 'string', min: 1, max: 2048 } satisfies Constraint;

const secretString = { type: 'string', min: 1, max: 512, sensitive: true } satisfies Constraint;
const keyValueList = {
  type: 'list',
  max: 100,
  member: { type: 'structure', members: { Key: { type: 'string', max: 512 }, Value: { type: 'string', max: 512 }, IsValueSecret: { type: 'boolean' } } },
} satisfies Constraint;
const httpParameters = {
  type: 'structure',
  members: { HeaderParameters: keyValueList, QueryStringParameters: keyValueList, BodyParameters: keyValueList },
} satisfies Constraint;

/**
 * AuthParameters of CreateConnection and UpdateConnection. Which members are needed depends on AuthorizationType,
 * so the model's required members are checked by ./connection-auth.ts, after an update is merged.
 */
export const authParameters = {
  type: 'structure',
  members: {
    ApiKeyAuthParameters: { type: 'structure', members: { ApiKeyName: secretString, ApiKeyValue: secretString } },
    BasicAuthParameters: { type: 'structure', members: { Username: secretString, Password: secretString } },
    OAuthParameters: {
      type: 'structure',
      members: {
        ClientParameters: { type: 'structure', members: { ClientID: secretString, ClientSecret: secretString } },
        AuthorizationEndpoint: { type: 'string', min: 1, max: 2048 },
        HttpMethod: { type: 'string', enum: ['GET', 'POST', 'PUT'] },
        OAuthHttpParameters: httpParameters,
      },
    },
    InvocationHttpParameters: httpParameters,
  },
} satisfies Constraint;
