import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import type { Principal } from '../identity/principal';
import type { IdentityStore } from '../identity/identity-store';
import type { EdgeRequest } from '../edge/edge-request';

type SourceData = string | ArrayBuffer | ArrayBufferView;
const toBytes = (d: SourceData): string | Uint8Array =>
  typeof d === 'string' ? d : d instanceof ArrayBuffer ? new Uint8Array(d) : new Uint8Array(d.buffer, d.byteOffset, d.byteLength);

/** The SigV4 checksum interface over node:crypto (HMAC when given a secret). */
class NodeSha256 {
  private readonly hash: Hash | Hmac;
  constructor(secret?: SourceData) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', toBytes(secret));
  }
  update(data: SourceData): void {
    this.hash.update(toBytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return this.hash.digest();
  }
}

export type AuthFailure = 'missing' | 'unknown-key' | 'bad-signature' | 'incomplete';

export type AuthResult = { ok: true; principal: Principal } | { ok: false; failure: AuthFailure };

const AUTH = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/;

/** `20240102T030405Z` → Date. */
function parseAmzDate(value: string | undefined): Date | undefined {
  const m = value && /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  return m ? new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6])) : undefined;
}

/**
 * Authenticates a SigV4-signed request: the access key must be known and the signature must be the one
 * the SDK computed. We recompute it with @smithy/signature-v4 (the SDK's own signer) over exactly the
 * headers the client signed; AWS offers no verifier library, so only the comparison is ours.
 * Clock skew is not checked: the runtime clock may be advanced deliberately by drills.
 */
export async function authenticate(req: EdgeRequest, identity: IdentityStore, now: Date): Promise<AuthResult> {
  const header = req.headers['authorization'];
  if (!header) return { ok: false, failure: 'missing' };
  const m = AUTH.exec(header.trim());
  const signingDate = parseAmzDate(req.headers['x-amz-date']);
  if (!m || !signingDate) return { ok: false, failure: 'incomplete' };
  const [, accessKeyId, , region, service, signedHeaderList, signature] = m;
  const resolved = identity.resolveAccessKey(accessKeyId, now);
  if (!resolved) return { ok: false, failure: 'unknown-key' };
  if (resolved.sessionToken !== undefined && req.headers['x-amz-security-token'] !== resolved.sessionToken) {
    return { ok: false, failure: 'unknown-key' };
  }
  // The signer trusts a stated payload hash, so the edge must check it against the body it received.
  const statedHash = req.headers['x-amz-content-sha256'];
  if (statedHash !== undefined && statedHash !== createHash('sha256').update(req.body).digest('hex')) return { ok: false, failure: 'bad-signature' };
  const signedHeaders = signedHeaderList.split(';');
  const headers: Record<string, string> = {};
  // Over HTTP/2 the SDK signs the `:authority` pseudo-header in place of `host` (the edge keeps it as host).
  for (const name of signedHeaders) headers[name] = req.headers[name === ':authority' ? 'host' : name] ?? '';
  const signer = new SignatureV4({
    credentials: { accessKeyId, secretAccessKey: resolved.secretAccessKey, sessionToken: resolved.sessionToken },
    region,
    service,
    sha256: NodeSha256,
    // S3 is the only service whose paths are not escaped twice; it never comes through this runtime.
    uriEscapePath: true,
  });
  const [hostname, port] = (req.headers['host'] ?? '').split(':');
  const query: Record<string, string | string[]> = {};
  for (const key of new Set(req.query.keys())) {
    const values = req.query.getAll(key);
    query[key] = values.length === 1 ? values[0] : values;
  }
  const signed = await signer.sign(
    { method: req.method, protocol: 'http:', hostname, port: port ? Number(port) : undefined, path: req.rawPath, query, headers, body: req.body },
    { signingDate, signableHeaders: new Set(signedHeaders) },
  );
  const expected = /Signature=([0-9a-f]{64})/.exec(signed.headers['authorization'] ?? '')?.[1];
  return expected === signature ? { ok: true, principal: resolved.principal } : { ok: false, failure: 'bad-signature' };
}
