import { createHash } from 'node:crypto';
import { connect } from 'node:http2';
import { SignatureV4 } from '@smithy/signature-v4';
import type { Runtime } from '../../runtime';
import type { CfnTemplate } from '../../runtime/bootstrap/template';
import { Sha256 } from '../../cli/node-sha256';
import { withRuntime } from '../helpers/runtime';
import type { ClientCredentials } from '../helpers/service-clients';

/**
 * Signatures as each mainstream signer makes them, sent raw. botocore (the AWS CLI, boto3) signs every
 * header it sends and sends no `x-amz-content-sha256`; the JavaScript SDK adds and signs that header.
 * The request is signed by the SDK's own signer configured to sign exactly the chosen headers, then
 * optionally altered before it is sent, to show what the runtime refuses.
 */

const ROLE = 'SignerRole';
const template: CfnTemplate = {
  Resources: {
    SignerRole: {
      Type: 'AWS::IAM::Role',
      Properties: {
        RoleName: ROLE,
        AssumeRolePolicyDocument: {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { AWS: { 'Fn::Sub': 'arn:aws:iam::${AWS::AccountId}:root' } }, Action: 'sts:AssumeRole' }],
        },
      },
    },
  },
};

interface Signed {
  service: 'kms' | 'sts' | 'lambda';
  method?: string;
  /** Already percent-encoded, as clients send it. */
  path?: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: string;
  credentials?: ClientCredentials;
  /** Sign `x-amz-content-sha256` as the JavaScript SDK does (botocore sends no such header). */
  payloadHashHeader?: boolean;
  /** Headers sent but left out of the signature. */
  unsigned?: string[];
  /** What is sent instead of what was signed (a header set to undefined is not sent). */
  altered?: { body?: string; headers?: Record<string, string | undefined>; query?: Record<string, string> };
  /** Over cleartext HTTP/2, signing `:authority` instead of `host`. */
  http2?: boolean;
  /** The credential scope, when it is not the runtime's region and the addressed service. */
  scope?: { region?: string; service?: string };
}

interface Answer {
  status: number;
  /** The AWS error code, from `x-amzn-errortype` (JSON protocols) or the XML `<Code>` (awsQuery). */
  error?: string;
  text: string;
}

let runtime: Runtime;
let url: URL;

beforeAll(async () => {
  runtime = await withRuntime({ stack: { name: 'sigv4', template } });
  url = new URL(runtime.endpoint);
});
afterAll(() => runtime.stop());

const admin = (): ClientCredentials => ({ accessKeyId: runtime.env.AWS_ACCESS_KEY_ID, secretAccessKey: runtime.env.AWS_SECRET_ACCESS_KEY });

async function send(request: Signed): Promise<Answer> {
  const method = request.method ?? 'POST';
  const body = request.body ?? '';
  const credentials = request.credentials ?? admin();
  const signer = new SignatureV4({ credentials, region: request.scope?.region ?? runtime.region, service: request.scope?.service ?? request.service, sha256: Sha256 as never, applyChecksum: request.payloadHashHeader ?? false });
  const authority: Record<string, string> = request.http2 ? { ':authority': url.host } : { host: url.host };
  const signed = await signer.sign(
    { method, protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: request.path ?? '/', query: request.query ?? {}, headers: { ...authority, ...request.headers }, body },
    { unsignableHeaders: new Set(request.unsigned ?? []) },
  );
  const { host: _host, ':authority': _authority, ...all } = { ...signed.headers, ...request.altered?.headers };
  const headers = Object.fromEntries(Object.entries(all).filter((entry): entry is [string, string] => entry[1] !== undefined));
  const query = new URLSearchParams(request.altered?.query ?? request.query).toString();
  const target = `${request.path ?? '/'}${query ? `?${query}` : ''}`;
  const sent = request.altered?.body ?? body;
  const answer = request.http2 ? await overHttp2(method, target, headers, sent) : await overHttp1(method, target, headers, sent);
  const code = /<Code>([^<]+)<\/Code>/.exec(answer.text)?.[1];
  return { ...answer, error: answer.error ?? code };
}

async function overHttp1(method: string, target: string, headers: Record<string, string>, body: string): Promise<Answer> {
  const res = await fetch(new URL(target, url), { method, headers, body: method === 'GET' ? undefined : body });
  return { status: res.status, error: res.headers.get('x-amzn-errortype') ?? undefined, text: await res.text() };
}

function overHttp2(method: string, target: string, headers: Record<string, string>, body: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const session = connect(url.origin);
    session.on('error', reject);
    const stream = session.request({ ':method': method, ':path': target, ':authority': url.host, ...headers });
    let status = 0;
    let error: string | undefined;
    let text = '';
    stream.on('response', (h) => {
      status = Number(h[':status']);
      error = h['x-amzn-errortype'] as string | undefined;
    });
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => (text += chunk));
    stream.on('end', () => {
      session.close();
      resolve({ status, error, text });
    });
    stream.on('error', reject);
    stream.end(body);
  });
}

const kms = (operation: string) => ({ service: 'kms' as const, headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `TrentService.${operation}` }, body: '{}' });
const sts = (action: string) => ({ service: 'sts' as const, headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, body: `Action=${action}&Version=2011-06-15` });
const listFunctions = { service: 'lambda' as const, method: 'GET', path: '/2015-03-31/functions/', query: { MaxItems: '5' } };
const sha256Hex = (text: string) => createHash('sha256').update(text).digest('hex');
// The last character changed to one it is not (secrets may end in x).
const wrongSecret = () => {
  const { secretAccessKey } = admin();
  return { ...admin(), secretAccessKey: `${secretAccessKey.slice(0, -1)}${secretAccessKey.endsWith('x') ? 'y' : 'x'}` };
};

describe('signatures that verify', () => {
  it.each([
    ['awsJson (KMS)', kms('ListKeys')],
    ['awsQuery (STS)', sts('GetCallerIdentity')],
    ['restJson with a query string (Lambda)', listFunctions],
  ])("botocore's header set, no x-amz-content-sha256: %s", async (_protocol, request) => {
    expect(await send(request)).toMatchObject({ status: 200, error: undefined });
  });

  it("the JavaScript SDK's header set, x-amz-content-sha256 signed", async () => {
    expect(await send({ ...kms('ListKeys'), payloadHashHeader: true })).toMatchObject({ status: 200 });
  });

  it('an x-amz-content-sha256 that matches the body but was left out of the signature', async () => {
    const request = kms('ListKeys');
    const answer = await send({ ...request, headers: { ...request.headers, 'x-amz-content-sha256': sha256Hex(request.body) }, unsigned: ['x-amz-content-sha256'] });
    expect(answer.status).toBe(200);
  });

  it('a path signed double-encoded, as every service but S3 expects', async () => {
    const arn = encodeURIComponent(`arn:aws:lambda:${runtime.region}:${runtime.account}:function:no-such-function`);
    const answer = await send({ service: 'lambda', method: 'GET', path: `/2015-03-31/functions/${arn}` });
    expect(answer).toMatchObject({ status: 404, error: 'ResourceNotFoundException' });
  });

  it('over HTTP/2, with :authority signed in place of host', async () => {
    expect(await send({ ...kms('ListKeys'), http2: true })).toMatchObject({ status: 200 });
  });

  it.each([
    ['signed, as botocore and the JavaScript SDK do', []],
    ['sent but not signed', ['x-amz-security-token']],
  ])('temporary credentials with their session token %s', async (_how, unsigned) => {
    const { accessKeyId, secretAccessKey, sessionToken } = runtime.roleCredentials(ROLE);
    const answer = await send({ ...sts('GetCallerIdentity'), credentials: { accessKeyId, secretAccessKey, sessionToken }, unsigned });
    expect(answer.status).toBe(200);
    expect(answer.text).toContain(`<Arn>arn:aws:sts::${runtime.account}:assumed-role/${ROLE}/`);
  });
});

describe('signatures that are refused', () => {
  it.each([
    ['awsJson (KMS)', kms('ListKeys'), 400, 'InvalidSignatureException'],
    ['awsQuery (STS)', sts('GetCallerIdentity'), 403, 'SignatureDoesNotMatch'],
    ['restJson (Lambda)', listFunctions, 400, 'InvalidSignatureException'],
  ])('a wrong secret: %s', async (_protocol, request, status, error) => {
    expect(await send({ ...request, credentials: wrongSecret() })).toMatchObject({ status, error });
  });

  it.each([
    ['awsJson (KMS)', kms('ListKeys'), 'UnrecognizedClientException'],
    ['awsQuery (STS)', sts('GetCallerIdentity'), 'InvalidClientTokenId'],
  ])('an unknown access key: %s', async (_protocol, request, error) => {
    expect(await send({ ...request, credentials: { accessKeyId: 'AKIANOBODYKNOWSTHIS0', secretAccessKey: 'x'.repeat(40) } })).toMatchObject({ error });
  });

  it.each([
    ['awsJson (KMS)', kms('ListKeys'), '{"Limit":1}', 'InvalidSignatureException'],
    ['awsQuery (STS)', sts('GetCallerIdentity'), 'Action=GetCallerIdentity&Version=2011-06-15&X=1', 'SignatureDoesNotMatch'],
  ])('a body changed after signing, with no x-amz-content-sha256: %s', async (_protocol, request, body, error) => {
    expect(await send({ ...request, altered: { body } })).toMatchObject({ error });
  });

  it('a signed x-amz-content-sha256 that is not the hash of the body', async () => {
    const request = kms('ListKeys');
    const answer = await send({ ...request, headers: { ...request.headers, 'x-amz-content-sha256': sha256Hex('{"Limit":1}') } });
    expect(answer).toMatchObject({ status: 400, error: 'InvalidSignatureException' });
  });

  it('UNSIGNED-PAYLOAD, which only S3 accepts', async () => {
    const request = kms('ListKeys');
    const answer = await send({ ...request, headers: { ...request.headers, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } });
    expect(answer).toMatchObject({ status: 400, error: 'InvalidSignatureException' });
  });

  it('a signed header whose value changed after signing', async () => {
    const answer = await send({ ...kms('ListKeys'), altered: { headers: { 'x-amz-target': 'TrentService.CreateKey' } } });
    expect(answer).toMatchObject({ status: 400, error: 'InvalidSignatureException' });
  });

  it('a signed header that was not sent', async () => {
    const request = kms('ListKeys');
    const answer = await send({ ...request, headers: { ...request.headers, 'x-signed-then-dropped': 'yes' }, altered: { headers: { 'x-signed-then-dropped': undefined } } });
    expect(answer).toMatchObject({ status: 400, error: 'InvalidSignatureException' });
  });

  it('a query string changed after signing', async () => {
    expect(await send({ ...listFunctions, altered: { query: { MaxItems: '6' } } })).toMatchObject({ status: 400, error: 'InvalidSignatureException' });
  });

  it('a signature that leaves out host', async () => {
    expect(await send({ ...sts('GetCallerIdentity'), unsigned: ['host'] })).toMatchObject({ status: 400, error: 'IncompleteSignature' });
  });

  it.each([
    ['without their session token', undefined],
    ['with another session token', 'not-the-token'],
  ])('temporary credentials %s', async (_how, token) => {
    const { accessKeyId, secretAccessKey } = runtime.roleCredentials(ROLE);
    const request = sts('GetCallerIdentity');
    const headers = token === undefined ? request.headers : { ...request.headers, 'x-amz-security-token': token };
    expect(await send({ ...request, headers, credentials: { accessKeyId, secretAccessKey } })).toMatchObject({ status: 403, error: 'InvalidClientTokenId' });
  });
});

describe('credential scopes and tokens AWS refuses', () => {
  const wrongRegion = "Credential should be scoped to a valid region, not 'eu-west-9'. ";
  it.each([
    ['awsJson (KMS)', kms('ListKeys'), 400, 'InvalidSignatureException'],
    ['awsQuery (STS)', sts('GetCallerIdentity'), 403, 'SignatureDoesNotMatch'],
    ['restJson (Lambda)', listFunctions, 400, 'InvalidSignatureException'],
  ])('a scope for a region the runtime does not serve: %s', async (_protocol, request, status, error) => {
    const answer = await send({ ...request, scope: { region: 'eu-west-9' } });
    expect(answer).toMatchObject({ status, error });
    expect(answer.text).toContain(wrongRegion);
  });

  it.each([
    ['awsJson (KMS)', kms('ListKeys'), 400, 'InvalidSignatureException', 'kms'],
    ['awsQuery (STS)', sts('GetCallerIdentity'), 403, 'SignatureDoesNotMatch', 'sts'],
    ['restJson (Lambda)', listFunctions, 400, 'InvalidSignatureException', 'lambda'],
  ])('a scope for another service: %s', async (_protocol, request, status, error, expected) => {
    const answer = await send({ ...request, scope: { service: 's3' } });
    expect(answer).toMatchObject({ status, error });
    expect(answer.text).toContain(`Credential should be scoped to correct service: '${expected}'. `);
  });

  it.each([
    ['awsJson (KMS)', kms('ListKeys'), 400, 'UnrecognizedClientException'],
    ['awsQuery (STS)', sts('GetCallerIdentity'), 403, 'InvalidClientTokenId'],
  ])('a security token sent with a long-term key: %s', async (_protocol, request, status, error) => {
    const answer = await send({ ...request, headers: { ...request.headers, 'x-amz-security-token': 'junk' } });
    expect(answer).toMatchObject({ status, error });
    expect(answer.text).toContain('The security token included in the request is invalid.');
  });
});

describe('awsQuery by GET', () => {
  it('serves GET /?Action=GetCallerIdentity&Version=2011-06-15, signed, as AWS does', async () => {
    const answer = await send({ service: 'sts', method: 'GET', query: { Action: 'GetCallerIdentity', Version: '2011-06-15' } });
    expect(answer.status).toBe(200);
    expect(answer.text).toContain(`<Arn>arn:aws:iam::${runtime.account}:`);
  });
});
