import { randomUUID } from 'node:crypto';
import { protocolErrors, ServiceError } from '../core/errors';
import type { Dispatcher } from '../core/dispatcher';
import type { Clock } from '../core/clock';
import type { IdentityStore } from '../identity/identity-store';
import { handleAwsJson, jsonError, type AwsJsonBinding, type Authenticator } from '../protocol/aws-json';
import { handleAwsQuery } from '../protocol/aws-query';
import { RestJsonService } from '../protocol/rest-json';
import { QLDB_REST_BINDING } from '../services/qldb/control/rest-routes';
import { LAMBDA_REST_BINDING } from '../services/lambda/rest-routes';
import { authenticate, type AuthFailure } from '../protocol/sigv4';
import { CONTROL_PREFIX, handleControl, type ControlTarget } from './control-plane';
import type { EdgeHandler } from './server';
import type { PassThrough } from '../backends';

/** awsJson services by X-Amz-Target prefix. Later services register here. */
export const JSON_BINDINGS: AwsJsonBinding[] = [
  { service: 'kms', targetPrefix: 'TrentService', jsonVersion: '1.1' },
  { service: 'qldb-session', targetPrefix: 'QLDBSession', jsonVersion: '1.0' },
  { service: 'sqs', targetPrefix: 'AmazonSQS', jsonVersion: '1.0' },
];

/** restJson1 services, by path. */
const REST_SERVICES = [new RestJsonService(QLDB_REST_BINDING), new RestJsonService(LAMBDA_REST_BINDING)];

const STS_NAMESPACE = 'https://sts.amazonaws.com/doc/2011-06-15/';

const JSON_AUTH_ERRORS: Record<AuthFailure, () => ServiceError> = {
  missing: protocolErrors.missingAuthentication,
  'unknown-key': protocolErrors.unrecognizedClient,
  'bad-signature': protocolErrors.invalidSignature,
  incomplete: protocolErrors.invalidSignature,
};

/** awsQuery services (STS) report authentication failures with their own codes, as 403s. */
const QUERY_AUTH_ERRORS: Record<AuthFailure, () => ServiceError> = {
  missing: () => new ServiceError('MissingAuthenticationToken', 'Request is missing Authentication Token', 403),
  'unknown-key': () => new ServiceError('InvalidClientTokenId', 'The security token included in the request is invalid.', 403),
  'bad-signature': () =>
    new ServiceError('SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.', 403),
  incomplete: () => new ServiceError('IncompleteSignature', 'The request signature does not conform to AWS standards.', 400),
};

export interface RouterDeps {
  dispatcher: Dispatcher;
  identity: IdentityStore;
  clock: Clock;
  control: ControlTarget;
  /** Kinesis and DynamoDB: forwarded to kinesalite / DynamoDB Local once authenticated. */
  passThrough?: PassThrough;
}

/** Routes every request on the one endpoint: control plane, awsJson by target prefix, awsQuery by form body. */
export function createRouter(deps: RouterDeps): EdgeHandler {
  const authenticator = (errors: Record<AuthFailure, () => ServiceError>): Authenticator => async (req) => {
    const result = await authenticate(req, deps.identity, deps.clock.now());
    return result.ok ? result.principal : errors[result.failure]();
  };
  const jsonAuth = authenticator(JSON_AUTH_ERRORS);
  const queryAuth = authenticator(QUERY_AUTH_ERRORS);

  return async (req) => {
    if (req.rawPath.startsWith(CONTROL_PREFIX)) return handleControl(req, deps.control);
    const target = req.headers['x-amz-target'];
    if (target) {
      const dot = target.lastIndexOf('.');
      const binding = JSON_BINDINGS.find((b) => b.targetPrefix === target.slice(0, dot));
      if (binding) return handleAwsJson(req, binding, target.slice(dot + 1), deps.dispatcher, jsonAuth);
      const forwarded = deps.passThrough?.(req, target.slice(0, dot), target.slice(dot + 1), jsonAuth);
      if (forwarded) return forwarded;
      return jsonError(protocolErrors.unknownOperation(), randomUUID(), 'application/x-amz-json-1.1');
    }
    const rest = REST_SERVICES.find((service) => service.owns(req));
    if (rest) return rest.handle(req, deps.dispatcher, jsonAuth);
    if (req.method === 'POST' && (req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
      return handleAwsQuery(req, 'sts', STS_NAMESPACE, deps.dispatcher, queryAuth);
    }
    return jsonError(new ServiceError('UnknownOperationException', `keydrill serves no operation at ${req.method} ${req.rawPath}`, 404), randomUUID(), 'application/json');
  };
}
