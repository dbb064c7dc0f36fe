import { createHash, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../core/clock';
import type { IdentityStore } from '../identity/identity-store';
import { authenticate } from '../protocol/sigv4';
import type { EdgeRequest } from './edge-request';

/** The SigV4 service name of the control plane, as in `curl --aws-sigv4 "aws:amz:<region>:keydrill"`. */
export const CONTROL_SIGNING_NAME = 'keydrill';

export interface ControlCredentials {
  /** The per-runtime token accepted as `Authorization: Bearer <token>`. */
  token: string;
  identity: IdentityStore;
  clock: Clock;
}

export interface ControlRefusal {
  status: 401 | 403;
  message: string;
}

const BEARER = /^Bearer (\S+)$/;
const SCOPE = /Credential=[^/]*\/\d{8}\/([^/]+)\/([^/]+)\//;

/** Compares digests, so neither the token's length nor its prefix leaks through timing. */
const sameToken = (given: string, token: string) => timingSafeEqual(createHash('sha256').update(given).digest(), createHash('sha256').update(token).digest());

/**
 * Undefined when the caller is the administrator: the runtime's token, or a SigV4 signature by the
 * administrator's own key scoped to this runtime's region and the `keydrill` service. Role sessions are
 * refused: the control plane can wipe the account and mint any role's credentials.
 */
export function controlRefusal(req: EdgeRequest, credentials: ControlCredentials): ControlRefusal | undefined {
  const header = req.headers['authorization'];
  if (header === undefined) return { status: 401, message: 'the control plane needs Authorization: Bearer <controlToken> or a SigV4 signature by the administrator (service keydrill)' };
  const bearer = BEARER.exec(header.trim());
  if (bearer) return sameToken(bearer[1], credentials.token) ? undefined : { status: 403, message: 'the bearer token is not this runtime\'s controlToken' };
  const [, region, service] = SCOPE.exec(header) ?? [];
  if (service !== CONTROL_SIGNING_NAME || region !== credentials.identity.region) {
    return { status: 403, message: `a control-plane signature must be scoped to ${credentials.identity.region}/${CONTROL_SIGNING_NAME}` };
  }
  const result = authenticate(req, credentials.identity, credentials.clock.now(), { regions: [credentials.identity.region], service: CONTROL_SIGNING_NAME });
  if (!result.ok) return { status: 403, message: `the signature was refused (${result.failure})` };
  if (result.principal.kind !== 'root') return { status: 403, message: `${result.principal.arn} is not the administrator` };
  return undefined;
}
