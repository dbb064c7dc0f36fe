import { randomUUID } from 'node:crypto';
import { protocolErrors, ServiceError } from '../core/errors';
import type { Dispatcher } from '../core/dispatcher';
import type { Clock } from '../core/clock';
import type { ProtocolBinding } from '../core/service-module';
import type { IdentityStore } from '../identity/identity-store';
import { handleAwsJson, jsonError, type Authenticator } from '../protocol/aws-json';
import { handleAwsQuery } from '../protocol/aws-query';
import { RestJsonService } from '../protocol/rest-json';
import { authenticate, type AuthFailure } from '../protocol/sigv4';
import { browserRefusal, corsPreflight, withCors, type BrowserPolicy } from './browser-guard';
import { CONTROL_PREFIX, handleControl, type ControlTarget } from './control-plane';
import type { EdgeHandler } from './server';
import type { EdgeRequest } from './edge-request';

type AuthErrors = Record<AuthFailure, (message?: string) => ServiceError>;

const JSON_AUTH_ERRORS: AuthErrors = {
  missing: protocolErrors.missingAuthentication,
  'unknown-key': protocolErrors.unrecognizedClient,
  'bad-signature': protocolErrors.invalidSignature,
  incomplete: protocolErrors.invalidSignature,
  'wrong-scope': (message) => new ServiceError('InvalidSignatureException', message!, 400),
};

/** awsQuery services report authentication failures with their own codes, as 403s. */
const QUERY_AUTH_ERRORS: AuthErrors = {
  missing: () => new ServiceError('MissingAuthenticationToken', 'Request is missing Authentication Token', 403),
  'unknown-key': () => new ServiceError('InvalidClientTokenId', 'The security token included in the request is invalid.', 403),
  'bad-signature': () =>
    new ServiceError('SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.', 403),
  incomplete: () => new ServiceError('IncompleteSignature', 'The request signature does not conform to AWS standards.', 400),
  'wrong-scope': (message) => new ServiceError('SignatureDoesNotMatch', message!, 403),
};

/**
 * The runtime serves one region; us-east-1 is accepted too because clients sign for it when they address
 * a global endpoint (IAM, the global STS endpoint) whatever region they are configured for.
 */
const GLOBAL_ENDPOINT_REGION = 'us-east-1';

export interface RouterDeps {
  dispatcher: Dispatcher;
  identity: IdentityStore;
  clock: Clock;
  control: ControlTarget;
  /** The per-runtime bearer token of the control plane. */
  controlToken: string;
  /** Which Hosts and web origins may reach any path. */
  browsers: BrowserPolicy;
  /** Every module's protocol bindings: the router knows protocols, never services. */
  bindings: ProtocolBinding[];
}

type Bindings<P extends ProtocolBinding['protocol']> = Extract<ProtocolBinding, { protocol: P }>[];

/** The service named by a SigV4 credential scope (`Credential=<key>/<date>/<region>/<service>/aws4_request`). */
const signingName = (req: EdgeRequest) => /Credential=[^/]*\/\d{8}\/[^/]*\/([^/]+)\//.exec(req.headers['authorization'] ?? '')?.[1];

/** Routes every request on the one endpoint: control plane, awsJson by target prefix, restJson by path, awsQuery by form body or `GET ?Action=`. */
export function createRouter(deps: RouterDeps): EdgeHandler {
  const regions = [...new Set([deps.identity.region, GLOBAL_ENDPOINT_REGION])];
  const authenticator = (errors: AuthErrors, service: string): Authenticator => async (req) => {
    const result = await authenticate(req, deps.identity, deps.clock.now(), { regions, service });
    return result.ok ? result.principal : errors[result.failure](result.message);
  };
  const of = <P extends ProtocolBinding['protocol']>(protocol: P) => deps.bindings.filter((b) => b.protocol === protocol) as Bindings<P>;
  const jsonBindings = new Map(of('awsJson').map((b) => [b.targetPrefix, { ...b, auth: authenticator(JSON_AUTH_ERRORS, b.signingName ?? b.service) }]));
  const restServices = of('restJson').map((b) => ({ service: new RestJsonService(b.binding), auth: authenticator(JSON_AUTH_ERRORS, b.binding.service) }));
  const queryBindings = of('awsQuery').map((b) => ({
    ...b,
    inputTable: (action: string) => deps.dispatcher.service(b.service)?.inputTable?.(action),
    auth: authenticator(QUERY_AUTH_ERRORS, b.signingName),
  }));

  const controlCredentials = { token: deps.controlToken, identity: deps.identity, clock: deps.clock };

  const route = async (req: EdgeRequest) => {
    if (req.rawPath.startsWith(CONTROL_PREFIX)) return handleControl(req, deps.control, controlCredentials);
    const target = req.headers['x-amz-target'];
    if (target) {
      const dot = target.lastIndexOf('.');
      const binding = jsonBindings.get(target.slice(0, dot));
      const operation = target.slice(dot + 1);
      if (binding?.serve) return binding.serve(req, operation, binding.auth);
      if (binding) return handleAwsJson(req, binding, operation, deps.dispatcher, binding.auth);
      return jsonError(protocolErrors.unknownOperation(), randomUUID(), 'application/x-amz-json-1.1');
    }
    const rest = restServices.find(({ service }) => service.owns(req));
    if (rest) return rest.service.handle(req, deps.dispatcher, rest.auth);
    const form = req.method === 'POST' && (req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
    if ((form || (req.method === 'GET' && req.query.has('Action'))) && queryBindings.length > 0) {
      // An unsigned or unknown-scope request still gets an awsQuery-shaped answer, from the first such service.
      const scope = signingName(req);
      const binding = queryBindings.find((b) => b.signingName === scope) ?? queryBindings[0];
      return handleAwsQuery(req, binding, deps.dispatcher, binding.auth);
    }
    return jsonError(new ServiceError('UnknownOperationException', `keydrill serves no operation at ${req.method} ${req.rawPath}`, 404), randomUUID(), 'application/json');
  };

  // Checked on every path: a rebound or cross-origin page could otherwise drive the SDK-facing services too.
  return async (req) => {
    const refusal = browserRefusal(req, deps.browsers);
    if (refusal) return jsonError(new ServiceError('AccessDeniedException', refusal, 403), randomUUID(), 'application/json');
    return withCors(req, corsPreflight(req) ?? (await route(req)));
  };
}
