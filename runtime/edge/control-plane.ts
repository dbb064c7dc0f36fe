import { DAY_MS, type AdjustableClock } from '../core/clock';
import type { AuditTrail } from '../core/audit-trail';
import type { FaultRegistry, FaultSpec } from '../core/faults';
import type { ControlRoute } from '../core/service-module';
import type { Credentials } from '../identity/identity-store';
import { controlRefusal, type ControlCredentials, type ControlRefusal } from './control-auth';
import type { EdgeRequest, EdgeResponse } from './edge-request';

/** What the control plane can see and steer; the runtime implements it. */
export interface ControlTarget {
  clock: AdjustableClock;
  faults: FaultRegistry;
  trail: AuditTrail;
  outputs(): Record<string, string>;
  services(): Record<string, string[]>;
  roleCredentials(roleName: string): Credentials | undefined;
  reset(): Promise<void>;
  /** The routes service modules add (e.g. Lambda's `GET logs/<function>`). */
  routes: ControlRoute[];
}

export const CONTROL_PREFIX = '/_keydrill/';

/**
 * Far enough for any AWS window a drill compresses (key deletion, rotation, retention), near enough that
 * every date stays one JavaScript, Ion and ISO 8601 can represent (year 9999 at most).
 */
const MAX_CLOCK_OFFSET_YEARS = 100;
const MAX_CLOCK_OFFSET_MS = MAX_CLOCK_OFFSET_YEARS * 365 * DAY_MS;

const json = (status: number, body: unknown): EdgeResponse => ({
  status,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

const problem = (status: number, message: string) => json(status, { error: message });

/** A 401 names the scheme to use (RFC 9110 §11.6.1); a 403 means the credentials given are not the administrator's. */
function refused({ status, message }: ControlRefusal): EdgeResponse {
  const response = problem(status, message);
  if (status === 401) response.headers['www-authenticate'] = 'Bearer';
  return response;
}

/**
 * Only JSON, so that no "simple" cross-origin request (text/plain, form encodings: sent by browsers without a
 * preflight) is ever acted on; a request without a body may omit the content type (`curl -X POST …/reset`).
 */
function isJsonRequest(req: EdgeRequest): boolean {
  const contentType = req.headers['content-type'];
  if (contentType === undefined) return req.body.length === 0;
  return /^application\/json\s*(;|$)/i.test(contentType);
}

function parseBody(req: EdgeRequest): Record<string, unknown> | undefined {
  if (req.body.length === 0) return {};
  try {
    const value = JSON.parse(req.body.toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * `/_keydrill/…`: runtime control outside every AWS path (moto/LocalStack style). Every route but health is
 * the administrator's alone (see control-auth.ts) and takes JSON only.
 *   GET  health                  services and their operations
 *   POST reset                   wipe all state and redeploy the stack
 *   GET  clock | POST clock      {"advanceSeconds": n} moves the runtime clock forward
 *   GET  faults | POST faults | DELETE faults   injected errors or altered answers ({service|"*", operation?, principal?,
 *                                after?, errorCode | tamper, message?, status?, count?}); GET lists each with its id,
 *                                remaining count, matched, failed
 *   GET  outputs                 the deployed stack's outputs
 *   GET  credentials/<RoleName>  the runtime-issued credentials of a template role
 *   GET  trail                   recorded CloudTrail-shaped and service events
 * and the routes of the service modules, e.g.
 *   GET  logs/<function>[?since=<epoch ms>]   a Lambda function's log events ({events:[{timestamp, message}]})
 */
export async function handleControl(req: EdgeRequest, target: ControlTarget, administrator: ControlCredentials): Promise<EdgeResponse> {
  const path = req.rawPath.slice(CONTROL_PREFIX.length).replace(/\/$/, '');
  const route = `${req.method} ${path}`;
  if (route !== 'GET health') {
    const refusal = controlRefusal(req, administrator);
    if (refusal) return refused(refusal);
  }
  if (!isJsonRequest(req)) return problem(415, 'the control plane accepts only application/json bodies');
  const body = parseBody(req);
  if (body === undefined) return problem(400, 'the request body must be a JSON object');
  switch (route) {
    case 'GET health':
      return json(200, { status: 'ok', services: target.services() });
    case 'POST reset':
      await target.reset();
      return json(200, { status: 'reset' });
    case 'GET clock':
      return json(200, { now: target.clock.now().toISOString(), offsetMs: target.clock.offset });
    case 'POST clock': {
      const seconds = body.advanceSeconds;
      if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) return problem(400, 'advanceSeconds must be a non-negative number');
      if (target.clock.offset + seconds * 1000 > MAX_CLOCK_OFFSET_MS) {
        return problem(400, `advanceSeconds must keep the clock within ${MAX_CLOCK_OFFSET_YEARS} years of wall time (at most ${Math.floor((MAX_CLOCK_OFFSET_MS - target.clock.offset) / 1000)} more seconds)`);
      }
      target.clock.advance(seconds * 1000);
      return json(200, { now: target.clock.now().toISOString(), offsetMs: target.clock.offset });
    }
    case 'GET faults':
      return json(200, { faults: target.faults.list() });
    case 'POST faults':
      try {
        return json(201, { fault: target.faults.add(body as unknown as FaultSpec) });
      } catch (e) {
        return problem(400, (e as Error).message);
      }
    case 'DELETE faults':
      target.faults.clear();
      return json(200, { faults: [] });
    case 'GET outputs':
      return json(200, target.outputs());
    case 'GET trail':
      return json(200, { events: target.trail.list() });
  }
  const credentials = /^GET credentials\/([\w+=,.@-]+)$/.exec(route);
  if (credentials) {
    const creds = target.roleCredentials(credentials[1]);
    return creds ? json(200, creds) : problem(404, `no role named ${credentials[1]}`);
  }
  for (const moduleRoute of target.routes) {
    const match = req.method === moduleRoute.method ? moduleRoute.pattern.exec(path) : null;
    if (match) {
      const answer = await moduleRoute.handle(match.slice(1), req);
      return json(answer.status, answer.body);
    }
  }
  return problem(404, `no control endpoint ${req.method} ${req.rawPath}`);
}
