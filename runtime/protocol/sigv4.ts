import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { Principal } from '../identity/principal';
import type { IdentityStore } from '../identity/identity-store';
import type { EdgeRequest } from '../edge/edge-request';

export type AuthFailure = 'missing' | 'unknown-key' | 'bad-signature' | 'incomplete' | 'wrong-scope';

/** `message` replaces the failure's usual text: a wrong scope is named in AWS's answer. */
export type AuthResult = { ok: true; principal: Principal } | { ok: false; failure: AuthFailure; message?: string };

/** The credential scope a request must be signed for to reach what it addresses. */
export interface ExpectedScope {
  regions: readonly string[];
  service: string;
}

const AUTH = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/;
const AMZ_DATE = /^\d{8}T\d{6}Z$/;

const sha256Hex = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();

/** RFC 3986 encoding as SigV4 asks for it: everything but `A-Z a-z 0-9 - _ . ~` is percent-encoded. */
const uriEncode = (text: string) => encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * The path as signed: dot and empty segments removed, then encoded once more, because every service
 * but S3 (which never comes through this runtime) signs the already-encoded path encoded again.
 */
function canonicalPath(rawPath: string): string {
  const segments: string[] = [];
  for (const segment of rawPath.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  const path = `/${segments.join('/')}${segments.length > 0 && rawPath.endsWith('/') ? '/' : ''}`;
  return uriEncode(path).replace(/%2F/g, '/');
}

const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function canonicalQuery(query: URLSearchParams): string {
  return [...query]
    .map(([name, value]) => [uriEncode(name), uriEncode(value)])
    .sort(([an, av], [bn, bv]) => byCodePoint(an, bn) || byCodePoint(av, bv))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
}

/**
 * The value a signed header had when the client signed it. Over HTTP/2 clients sign the `:authority`
 * pseudo-header in place of `host`; the edge keeps it as `host`.
 */
const sentHeader = (req: EdgeRequest, name: string): string | undefined => req.headers[name === ':authority' ? 'host' : name];

/** The request as the client signed it: signed headers sorted, values trimmed with inner runs of spaces folded. */
function canonicalRequest(req: EdgeRequest, signedHeaders: string[], payloadHash: string): string {
  const names = [...signedHeaders].sort(byCodePoint);
  return [
    req.method,
    canonicalPath(req.rawPath),
    canonicalQuery(req.query),
    ...names.map((name) => `${name}:${sentHeader(req, name)!.trim().replace(/\s+/g, ' ')}`),
    '',
    names.join(';'),
    payloadHash,
  ].join('\n');
}

interface SigningScope {
  amzDate: string;
  scopeDate: string;
  region: string;
  service: string;
}

/** The signature `secret` gives the canonical request in that scope: HMAC-SHA256 under the derived signing key. */
function signatureOf(secret: string, scope: SigningScope, canonical: string): Buffer {
  const credentialScope = `${scope.scopeDate}/${scope.region}/${scope.service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', scope.amzDate, credentialScope, sha256Hex(canonical)].join('\n');
  let key: Buffer = hmac(`AWS4${secret}`, scope.scopeDate);
  for (const part of [scope.region, scope.service, 'aws4_request']) key = hmac(key, part);
  return hmac(key, stringToSign);
}

/**
 * Authenticates a SigV4-signed request (https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html):
 * the access key must be known and the signature must be the one its secret gives over exactly what the
 * client signed: the headers its SignedHeaders names, no more, and the SHA-256 of the body it sent. Signers
 * differ in what they sign (the JavaScript SDK adds and signs `x-amz-content-sha256`; botocore, behind the
 * AWS CLI and boto3, sends no such header), so the check follows the client's list instead of re-signing
 * with any one SDK's choices. No service served here accepts `UNSIGNED-PAYLOAD` (S3 is the one that does),
 * so a stated payload hash must be the body's.
 * The scope must name the region the runtime serves and the service addressed, as AWS's own endpoints
 * require (an error text naming the scope, https://docs.aws.amazon.com/IAM/latest/UserGuide/signature-v4-troubleshooting.html).
 * Clock skew is not checked: the runtime clock may be advanced deliberately by drills.
 */
export function authenticate(req: EdgeRequest, identity: IdentityStore, now: Date, scope: ExpectedScope): AuthResult {
  const header = req.headers['authorization'];
  if (!header) return { ok: false, failure: 'missing' };
  const m = AUTH.exec(header.trim());
  const amzDate = req.headers['x-amz-date'];
  if (!m || !amzDate || !AMZ_DATE.test(amzDate)) return { ok: false, failure: 'incomplete' };
  const [, accessKeyId, scopeDate, region, service, signedHeaderList, signature] = m;
  const resolved = identity.resolveAccessKey(accessKeyId, now);
  if (!resolved) return { ok: false, failure: 'unknown-key' };
  const signedHeaders = signedHeaderList.split(';');
  // AWS requires the host and the signing time among the signed headers.
  const hostSigned = signedHeaders.includes('host') || signedHeaders.includes(':authority');
  if (!hostSigned || !signedHeaders.includes('x-amz-date')) return { ok: false, failure: 'incomplete' };
  // Temporary credentials are only valid with their token, whether or not the client signed it; a
  // long-term key has no token, so any token sent with it is one AWS does not recognise.
  if (req.headers['x-amz-security-token'] !== resolved.sessionToken) return { ok: false, failure: 'unknown-key' };
  if (!scope.regions.includes(region)) {
    return { ok: false, failure: 'wrong-scope', message: `Credential should be scoped to a valid region, not '${region}'. ` };
  }
  if (service !== scope.service) {
    return { ok: false, failure: 'wrong-scope', message: `Credential should be scoped to correct service: '${scope.service}'. ` };
  }
  const payloadHash = sha256Hex(req.body);
  const statedHash = req.headers['x-amz-content-sha256'];
  if (statedHash !== undefined && statedHash !== payloadHash) return { ok: false, failure: 'bad-signature' };
  if (scopeDate !== amzDate.slice(0, 8) || signedHeaders.some((name) => sentHeader(req, name) === undefined)) {
    return { ok: false, failure: 'bad-signature' };
  }
  const expected = signatureOf(resolved.secretAccessKey, { amzDate, scopeDate, region, service }, canonicalRequest(req, signedHeaders, payloadHash));
  const matches = timingSafeEqual(expected, Buffer.from(signature, 'hex'));
  return matches ? { ok: true, principal: resolved.principal } : { ok: false, failure: 'bad-signature' };
}
