import type { EdgeRequest, EdgeResponse } from './edge-request';

/** Who may reach the runtime over HTTP beyond local, non-browser clients. */
export interface BrowserPolicy {
  /** The port the edge listens on: a Host naming any other is not this runtime. */
  port: () => number;
  /** Web origins (`scheme://host[:port]`) whose pages may call the runtime, as CORS allows them to. */
  allowedOrigins: readonly string[];
}

const LOOPBACK_HOSTNAMES = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** `Sec-Fetch-Site` values a browser sends when the calling page is not on this very origin. */
const FOREIGN_FETCH_SITES = new Set(['cross-site', 'same-site']);

/**
 * Why a request is refused before any service sees it, or undefined if it may pass. A Host other than the
 * loopback with the runtime's port means DNS rebinding (a page whose own name now resolves to 127.0.0.1);
 * an Origin, or a browser's fetch metadata saying the page is elsewhere, means a web page the user has open,
 * which can send "simple" requests (https://fetch.spec.whatwg.org/#cors-safelisted-method) without a preflight.
 */
export function browserRefusal(req: EdgeRequest, policy: BrowserPolicy): string | undefined {
  const host = req.headers['host'] ?? '';
  const colon = host.lastIndexOf(':');
  if (colon < 0 || !LOOPBACK_HOSTNAMES.has(host.slice(0, colon).toLowerCase()) || host.slice(colon + 1) !== String(policy.port())) {
    return `keydrill answers only to Host 127.0.0.1:${policy.port()}, localhost:${policy.port()} or [::1]:${policy.port()}, not ${JSON.stringify(host)}`;
  }
  const origin = req.headers['origin'];
  if (origin !== undefined) {
    return policy.allowedOrigins.includes(origin) ? undefined : `requests from the web origin ${origin} are refused (keydrill up --allow-origin names the ones to accept)`;
  }
  if (FOREIGN_FETCH_SITES.has(req.headers['sec-fetch-site'] ?? '')) return 'requests from web pages are refused (keydrill up --allow-origin names the origins to accept)';
  return undefined;
}

/**
 * An allowed origin's page reads responses only with CORS headers, and sends SigV4-signed or JSON requests
 * only after a preflight (`OPTIONS` with `Access-Control-Request-Method`), answered here for every path.
 */
export function corsPreflight(req: EdgeRequest): EdgeResponse | undefined {
  if (req.method !== 'OPTIONS' || req.headers['origin'] === undefined || req.headers['access-control-request-method'] === undefined) return undefined;
  return {
    status: 204,
    headers: {
      'access-control-allow-methods': req.headers['access-control-request-method'],
      'access-control-allow-headers': req.headers['access-control-request-headers'] ?? '',
      'access-control-max-age': '600',
    },
    body: '',
  };
}

/** The response as the allowed origin's page may read it. */
export function withCors(req: EdgeRequest, response: EdgeResponse): EdgeResponse {
  const origin = req.headers['origin'];
  if (origin === undefined) return response;
  return { ...response, headers: { ...response.headers, 'access-control-allow-origin': origin, 'access-control-expose-headers': '*', vary: 'Origin' } };
}
