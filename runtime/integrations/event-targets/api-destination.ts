import type { Target } from '@aws-sdk/client-eventbridge';
import type { ApiDestination, Connection } from '../../services/events/api-destinations-store';
import { TargetFailure } from './delivery-failure';
import type { TargetKind, TargetRequest } from './target-kind';

/**
 * An API destination: one HTTP request to the destination's endpoint, with the connection's credentials
 * (docs/eventbridge-api-destinations.md#invocations). 429 and 5xx answers, timeouts and connection errors are
 * retried under the target's RetryPolicy, no sooner than the answer's Retry-After; other answers are final.
 */

/** AWS's client timeout for an invocation. */
const TIMEOUT_MS = 5000;

/** The headers EventBridge sends with every invocation, before the connection's and the target's. */
const DEFAULT_HEADERS: Readonly<Record<string, string>> = {
  'User-Agent': 'Amazon/EventBridge/ApiDestinations',
  'Content-Type': 'application/json; charset=utf-8',
  Range: 'bytes=0-1048575',
  'Accept-Encoding': 'gzip,deflate',
  Connection: 'close',
};

/** Methods that carry no body. */
const BODILESS = new Set(['GET', 'HEAD']);

export const apiDestinationTarget: TargetKind = {
  async send(request, ctx) {
    const resolved = ctx.apiDestination(request.target.Arn!);
    if (!resolved) throw new TargetFailure({ code: 'NO_RESOURCE', message: `The API destination ${request.target.Arn} does not exist.`, retriable: false });
    const { destination, connection } = resolved;
    const headers = { ...DEFAULT_HEADERS, ...(await authorizationHeaders(connection)), ...pairs(connection.authParameters.InvocationHttpParameters?.HeaderParameters), ...(request.target.HttpParameters?.HeaderParameters ?? {}) };
    const url = invocationUrl(destination, connection, request.target);
    const method = destination.httpMethod;
    const response = await call(url, { method, headers, ...(BODILESS.has(method) ? {} : { body: bodyOf(request, connection) }) });
    if (response.ok) return;
    const retryAfterMs = retryAfter(response.headers.get('retry-after'));
    const retriable = (response.status === 429 || response.status >= 500) && (retryAfterMs === undefined || retryAfterMs >= 0);
    throw new TargetFailure({
      code: String(response.status),
      message: `The API destination answered ${response.status} ${response.statusText}`,
      retriable,
      ...(retriable && retryAfterMs !== undefined ? { retryAfterMs } : {}),
    });
  },
};

/** The endpoint with each `*` replaced by the target's PathParameterValues in order, and the query string parameters added. */
function invocationUrl(destination: ApiDestination, connection: Connection, target: Target): string {
  const values = [...(target.HttpParameters?.PathParameterValues ?? [])];
  const url = new URL(destination.invocationEndpoint.replace(/\*/g, () => encodeURIComponent(values.shift() ?? '')));
  const query = { ...pairs(connection.authParameters.InvocationHttpParameters?.QueryStringParameters), ...(target.HttpParameters?.QueryStringParameters ?? {}) };
  for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
  return url.toString();
}

/** The payload, with the connection's body parameters added when it is a JSON object. */
function bodyOf(request: TargetRequest, connection: Connection): string {
  const extra = pairs(connection.authParameters.InvocationHttpParameters?.BodyParameters);
  if (Object.keys(extra).length === 0) return request.payload;
  try {
    const body = JSON.parse(request.payload) as unknown;
    if (typeof body === 'object' && body !== null && !Array.isArray(body)) return JSON.stringify({ ...body, ...extra });
  } catch {
    // not JSON: sent as it is
  }
  return request.payload;
}

async function authorizationHeaders(connection: Connection): Promise<Record<string, string>> {
  const auth = connection.authParameters;
  switch (connection.authorizationType) {
    case 'API_KEY':
      return { [auth.ApiKeyAuthParameters!.ApiKeyName!]: auth.ApiKeyAuthParameters!.ApiKeyValue! };
    case 'BASIC':
      return { Authorization: basic(auth.BasicAuthParameters!.Username!, auth.BasicAuthParameters!.Password!) };
    case 'OAUTH_CLIENT_CREDENTIALS':
      return { Authorization: `Bearer ${await oauthToken(connection)}` };
  }
}

const basic = (user: string, secret: string) => `Basic ${Buffer.from(`${user}:${secret}`).toString('base64')}`;

/**
 * The client-credentials grant: the client id and secret as Basic credentials, `grant_type=client_credentials`
 * and the OAuthHttpParameters, to the authorization endpoint; the answer's `access_token` authorizes the call.
 * A token is fetched for every invocation (AWS keeps it until it expires: README, Known differences).
 */
async function oauthToken(connection: Connection): Promise<string> {
  const oauth = connection.authParameters.OAuthParameters!;
  const url = new URL(oauth.AuthorizationEndpoint!);
  const form = new URLSearchParams({ grant_type: 'client_credentials', ...pairs(oauth.OAuthHttpParameters?.BodyParameters) });
  for (const [key, value] of Object.entries(pairs(oauth.OAuthHttpParameters?.QueryStringParameters))) url.searchParams.set(key, value);
  const method = oauth.HttpMethod ?? 'POST';
  if (method === 'GET') for (const [key, value] of form) url.searchParams.set(key, value);
  const response = await call(url.toString(), {
    method,
    headers: {
      Authorization: basic(oauth.ClientParameters!.ClientID!, oauth.ClientParameters!.ClientSecret!),
      'Content-Type': 'application/x-www-form-urlencoded',
      ...pairs(oauth.OAuthHttpParameters?.HeaderParameters),
    },
    ...(method === 'GET' ? {} : { body: form.toString() }),
  });
  const token = response.ok ? ((await response.json().catch(() => undefined)) as { access_token?: unknown } | undefined)?.access_token : undefined;
  if (typeof token !== 'string') {
    throw new TargetFailure({ code: 'NO_PERMISSIONS', message: `The connection ${connection.name} could not be authorized: the endpoint answered ${response.status}.`, retriable: false });
  }
  return token;
}

/** fetch with AWS's 5-second timeout; a timeout or a failed connection is retried. */
async function call(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, { ...init, redirect: 'manual', signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
    throw new TargetFailure({ code: timedOut ? 'TIMEOUT' : 'SDK_CLIENT_ERROR', message: timedOut ? `No answer from ${url} within 5 seconds.` : `${url} could not be reached: ${String(error)}`, retriable: true });
  }
}

/** Retry-After in milliseconds: seconds (possibly negative, which stops retries) or an HTTP date (the server's wall clock, so compared with this machine's). */
export function retryAfter(header: string | null): number | undefined {
  if (header === null) return undefined;
  if (/^-?\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function pairs(list: { Key?: string; Value?: string }[] | undefined): Record<string, string> {
  return Object.fromEntries((list ?? []).filter((p) => p.Key !== undefined).map((p) => [p.Key!, p.Value ?? '']));
}
