import { execFile } from 'node:child_process';
import { request } from 'node:http';
import { connect } from 'node:net';
import { promisify } from 'node:util';
import { CreateRoleCommand } from '@aws-sdk/client-iam';
import { CreateKeyCommand, ListKeysCommand } from '@aws-sdk/client-kms';
import { SignatureV4 } from '@smithy/signature-v4';
import type { Runtime } from '../../runtime';
import { Sha256 } from '../../cli/node-sha256';
import { useRuntime } from '../helpers/runtime';
import type { ClientCredentials } from '../helpers/service-clients';

/**
 * Who may use `/_keydrill/…` (the administrator alone), and what no web page may do on any path: reach the
 * runtime under another Host name (DNS rebinding) or from its own origin, or send the control plane anything
 * but JSON. Every case is a real HTTP request; those that must not act are followed by a look at the state.
 */

const OPS_ROLE = 'OpsRole';
const ALLOWED_ORIGIN = 'http://localhost:3000';
const env = useRuntime({ allowedOrigins: [ALLOWED_ORIGIN] });

beforeAll(async () => {
  const trustAccount = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${env.runtime.account}:root` }, Action: 'sts:AssumeRole' }] };
  await env.clients.iam.send(new CreateRoleCommand({ RoleName: OPS_ROLE, AssumeRolePolicyDocument: JSON.stringify(trustAccount) }));
});

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One HTTP/1.1 request with exactly these headers: node:http, unlike fetch, lets a test choose the Host. */
function send(runtime: Runtime, options: { method?: string; path: string; headers?: Record<string, string>; body?: string }): Promise<Answer> {
  const { port } = new URL(runtime.endpoint);
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method: options.method ?? 'GET', path: options.path, headers: { host: `127.0.0.1:${port}`, ...options.headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

const bearer = (runtime: Runtime) => ({ authorization: `Bearer ${runtime.controlToken}` });

/** SigV4 headers for a GET of `path`, as `curl --aws-sigv4` or any SigV4 signer makes them. */
async function signedHeaders(runtime: Runtime, path: string, { credentials, service = 'keydrill', region = runtime.region }: { credentials?: ClientCredentials; service?: string; region?: string } = {}) {
  const url = new URL(path, runtime.endpoint);
  const signer = new SignatureV4({
    credentials: credentials ?? { accessKeyId: runtime.env.AWS_ACCESS_KEY_ID, secretAccessKey: runtime.env.AWS_SECRET_ACCESS_KEY },
    region,
    service,
    sha256: Sha256 as never,
  });
  const signed = await signer.sign({ method: 'GET', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: url.pathname, query: {}, headers: { host: url.host } });
  return signed.headers;
}

const keyCount = async () => (await env.clients.kms.send(new ListKeysCommand({}))).Keys!.length;

/** Every control route but health, each as a request the administrator could send. */
const GUARDED_ROUTES = [
  ['POST', 'reset'],
  ['GET', 'clock'],
  ['POST', 'clock'],
  ['GET', 'faults'],
  ['POST', 'faults'],
  ['DELETE', 'faults'],
  ['GET', 'outputs'],
  ['GET', `credentials/${OPS_ROLE}`],
  ['GET', 'trail'],
  ['GET', 'logs/any-function'],
] as const;

describe('who may use the control plane', () => {
  it('answers health to anyone local', async () => {
    const health = await send(env.runtime, { path: '/_keydrill/health' });
    expect(health.status).toBe(200);
    expect(JSON.parse(health.body).status).toBe('ok');
  });

  it.each(GUARDED_ROUTES)('refuses %s %s without credentials (401, naming the schemes) and with a wrong token (403)', async (method, route) => {
    const anonymous = await send(env.runtime, { method, path: `/_keydrill/${route}` });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers['www-authenticate']).toBe('Bearer');
    expect(JSON.parse(anonymous.body).error).toMatch(/Authorization: Bearer <controlToken> or a SigV4 signature by the administrator/);
    const forged = await send(env.runtime, { method, path: `/_keydrill/${route}`, headers: { authorization: `Bearer ${'x'.repeat(43)}` } });
    expect(forged.status).toBe(403);
  });

  it('serves the administrator who presents the runtime token', async () => {
    const outputs = await send(env.runtime, { path: '/_keydrill/outputs', headers: bearer(env.runtime) });
    expect(outputs.status).toBe(200);
    const credentials = await send(env.runtime, { path: `/_keydrill/credentials/${OPS_ROLE}`, headers: bearer(env.runtime) });
    expect(JSON.parse(credentials.body).accessKeyId).toMatch(/^ASIA/);
  });

  it('serves a SigV4 signature by the administrator for service keydrill in the runtime region', async () => {
    const answer = await send(env.runtime, { path: '/_keydrill/outputs', headers: await signedHeaders(env.runtime, '/_keydrill/outputs') });
    expect(answer.status).toBe(200);
  });

  it('refuses signatures for another service or region, by a wrong secret, or by a role session', async () => {
    const admin = { accessKeyId: env.runtime.env.AWS_ACCESS_KEY_ID, secretAccessKey: env.runtime.env.AWS_SECRET_ACCESS_KEY };
    const session = env.runtime.roleCredentials(OPS_ROLE);
    const cases = {
      kms: await signedHeaders(env.runtime, '/_keydrill/outputs', { service: 'kms' }),
      region: await signedHeaders(env.runtime, '/_keydrill/outputs', { region: 'eu-west-1' }),
      secret: await signedHeaders(env.runtime, '/_keydrill/outputs', { credentials: { ...admin, secretAccessKey: 'not-the-secret-access-key-of-this-runtime' } }),
      role: await signedHeaders(env.runtime, '/_keydrill/outputs', { credentials: session }),
    };
    const answers = await Promise.all(Object.values(cases).map((headers) => send(env.runtime, { path: '/_keydrill/outputs', headers })));
    expect(answers.map((a) => a.status)).toEqual([403, 403, 403, 403]);
    expect(JSON.parse(answers[3].body).error).toBe(`arn:aws:sts::${env.runtime.account}:assumed-role/${OPS_ROLE}/keydrill is not the administrator`);
  });

  it('serves curl --aws-sigv4 "aws:amz:<region>:keydrill" with the administrator credentials, as README shows', async () => {
    const { stdout } = await promisify(execFile)('curl', [
      '--silent',
      '--show-error',
      '--fail-with-body',
      '--aws-sigv4',
      `aws:amz:${env.runtime.region}:keydrill`,
      '--user',
      `${env.runtime.env.AWS_ACCESS_KEY_ID}:${env.runtime.env.AWS_SECRET_ACCESS_KEY}`,
      `${env.runtime.endpoint}/_keydrill/clock`,
    ]);
    expect(JSON.parse(stdout)).toHaveProperty('offsetMs');
  });
});

describe('the control plane takes JSON only', () => {
  it.each(['text/plain;charset=UTF-8', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x'])('refuses %s with 415, even from the administrator, and acts on nothing', async (contentType) => {
    await env.clients.kms.send(new CreateKeyCommand({}));
    const before = await keyCount();
    const answer = await send(env.runtime, { method: 'POST', path: '/_keydrill/reset', headers: { ...bearer(env.runtime), 'content-type': contentType }, body: '{}' });
    expect(answer.status).toBe(415);
    expect(await keyCount()).toBe(before);
  });

  it('refuses a body sent without a content type', async () => {
    const answer = await send(env.runtime, { method: 'POST', path: '/_keydrill/clock', headers: bearer(env.runtime), body: '{"advanceSeconds":1}' });
    expect(answer.status).toBe(415);
  });

  it('accepts application/json with parameters, and a POST without a body', async () => {
    const json = await send(env.runtime, { method: 'POST', path: '/_keydrill/clock', headers: { ...bearer(env.runtime), 'content-type': 'application/json; charset=utf-8' }, body: '{"advanceSeconds":1}' });
    expect(json.status).toBe(200);
    const empty = await send(env.runtime, { method: 'DELETE', path: '/_keydrill/faults', headers: bearer(env.runtime) });
    expect(empty.status).toBe(200);
  });
});

describe('a hostile web page', () => {
  it("cannot reset with the exact no-cors fetch (text/plain, no credentials): refused, and every key survives", async () => {
    await env.clients.kms.send(new CreateKeyCommand({}));
    const before = await keyCount();
    const res = await fetch(`${env.runtime.endpoint}/_keydrill/reset`, { method: 'POST', mode: 'no-cors', body: '{}' });
    expect(res.status).toBe(401);
    expect(await keyCount()).toBe(before);
  });

  it('cannot reset with that fetch as a browser sends it (Origin, Sec-Fetch-Site), even holding the token', async () => {
    const before = await keyCount();
    const browserHeaders = { 'content-type': 'text/plain;charset=UTF-8', 'sec-fetch-mode': 'no-cors', 'sec-fetch-site': 'cross-site' };
    const withOrigin = await send(env.runtime, { method: 'POST', path: '/_keydrill/reset', headers: { ...browserHeaders, origin: 'https://evil.example' }, body: '{}' });
    const tokenAndOrigin = await send(env.runtime, { method: 'POST', path: '/_keydrill/reset', headers: { ...bearer(env.runtime), 'content-type': 'application/json', origin: 'https://evil.example' }, body: '{}' });
    const fetchMetadataOnly = await send(env.runtime, { method: 'POST', path: '/_keydrill/reset', headers: { ...bearer(env.runtime), 'content-type': 'application/json', 'sec-fetch-site': 'cross-site' }, body: '{}' });
    const sameSite = await send(env.runtime, { method: 'POST', path: '/_keydrill/reset', headers: { ...bearer(env.runtime), 'content-type': 'application/json', 'sec-fetch-site': 'same-site' }, body: '{}' });
    expect([withOrigin, tokenAndOrigin, fetchMetadataOnly, sameSite].map((a) => a.status)).toEqual([403, 403, 403, 403]);
    expect(JSON.parse(withOrigin.body)).toEqual({ __type: 'AccessDeniedException', message: expect.stringContaining('https://evil.example') });
    expect(await keyCount()).toBe(before);
  });

  it('is refused with a valid signature too, on the control plane and on AWS paths', async () => {
    const headers = await signedHeaders(env.runtime, '/_keydrill/outputs', { service: 'keydrill' });
    const answer = await send(env.runtime, { path: '/_keydrill/outputs', headers: { ...headers, origin: 'https://evil.example' } });
    expect(answer.status).toBe(403);
    const kms = await send(env.runtime, { method: 'POST', path: '/', headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'TrentService.ListKeys', 'sec-fetch-site': 'cross-site' }, body: '{}' });
    expect(kms.status).toBe(403);
    expect(JSON.parse(kms.body).__type).toBe('AccessDeniedException');
  });

  it('is served when its origin is allow-listed, with CORS headers and preflights answered', async () => {
    const preflight = await send(env.runtime, {
      method: 'OPTIONS',
      path: '/_keydrill/outputs',
      headers: { origin: ALLOWED_ORIGIN, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers).toMatchObject({ 'access-control-allow-origin': ALLOWED_ORIGIN, 'access-control-allow-methods': 'GET', 'access-control-allow-headers': 'authorization' });
    const outputs = await send(env.runtime, { path: '/_keydrill/outputs', headers: { ...bearer(env.runtime), origin: ALLOWED_ORIGIN, 'sec-fetch-site': 'same-site' } });
    expect(outputs.status).toBe(200);
    expect(outputs.headers['access-control-allow-origin']).toBe(ALLOWED_ORIGIN);
    const unauthenticated = await send(env.runtime, { path: '/_keydrill/outputs', headers: { origin: ALLOWED_ORIGIN } });
    expect(unauthenticated.status).toBe(401);
  });
});

describe('DNS rebinding: the Host must be the loopback with the runtime port, on every path', () => {
  const port = () => new URL(env.runtime.endpoint).port;

  it.each(['evil.example', 'evil.example:{port}', '127.0.0.1:1', 'localhost', '127.0.0.2:{port}'])('refuses Host %j on the control plane (health too) and on AWS paths', async (host) => {
    const headers = { host: host.replace('{port}', port()) };
    const health = await send(env.runtime, { path: '/_keydrill/health', headers });
    const outputs = await send(env.runtime, { path: '/_keydrill/outputs', headers: { ...headers, ...bearer(env.runtime) } });
    const kms = await send(env.runtime, { method: 'POST', path: '/', headers: { ...headers, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'TrentService.ListKeys' }, body: '{}' });
    expect([health.status, outputs.status, kms.status]).toEqual([403, 403, 403]);
    expect(JSON.parse(kms.body).__type).toBe('AccessDeniedException');
  });

  it('refuses a request without Host (HTTP/1.0, which Node lets through without one)', async () => {
    const socket = connect(Number(port()), '127.0.0.1');
    socket.end('GET /_keydrill/health HTTP/1.0\r\n\r\n');
    let answer = '';
    for await (const chunk of socket) answer += chunk;
    expect(answer).toMatch(/^HTTP\/1\.1 403 /);
  });

  it.each(['127.0.0.1:{port}', 'localhost:{port}', 'LOCALHOST:{port}', '[::1]:{port}'])('serves Host %j', async (host) => {
    const health = await send(env.runtime, { path: '/_keydrill/health', headers: { host: host.replace('{port}', port()) } });
    expect(health.status).toBe(200);
  });

  it('serves the SDK clients, which send the endpoint host', async () => {
    await expect(env.clients.kms.send(new ListKeysCommand({}))).resolves.toBeDefined();
  });
});

