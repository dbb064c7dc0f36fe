import { CreateKeyCommand, DescribeKeyCommand, KMSClient, ListKeysCommand } from '@aws-sdk/client-kms';
import { NodeHttp2Handler } from '@smithy/node-http-handler';
import { clientConfig, rejectionOf, useRuntime } from '../helpers/runtime';
import { kmsTarget, rawRequest } from '../helpers/raw-request';
import { control } from '../helpers/control-plane';

const env = useRuntime();

describe('the one endpoint: awsJson wire shape', () => {
  it('answers a signed KMS call with a request id and the JSON 1.1 content type', async () => {
    const res = await rawRequest(env.runtime, { headers: kmsTarget('ListKeys'), body: '{}' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/x-amz-json-1.1');
    expect(res.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.json()).toEqual({ Keys: [], Truncated: false });
  });

  it('treats an empty body as an empty input', async () => {
    const res = await rawRequest(env.runtime, { headers: kmsTarget('ListKeys'), body: '' });
    expect(res.status).toBe(200);
  });

  it.each([
    ['malformed JSON', '{"KeyId": '],
    ['a JSON array', '[1,2]'],
    ['a wrongly typed member', '{"Limit": "ten"}'],
  ])('answers %s with SerializationException (400)', async (_name, body) => {
    const res = await rawRequest(env.runtime, { headers: kmsTarget('ListKeys'), body });
    expect(res.status).toBe(400);
    expect(res.headers.get('x-amzn-errortype')).toBe('SerializationException');
    expect(res.json().__type).toBe('SerializationException');
  });

  it('answers an unknown operation of a known service with UnknownOperationException', async () => {
    const res = await rawRequest(env.runtime, { headers: kmsTarget('FlyToTheMoon'), body: '{}' });
    expect(res.status).toBe(400);
    expect(res.json().__type).toBe('UnknownOperationException');
  });

  it('answers an unknown target prefix with UnknownOperationException', async () => {
    const res = await rawRequest(env.runtime, { headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'NoSuchService_2020.Do' }, body: '{}' });
    expect(res.status).toBe(400);
    expect(res.headers.get('x-amzn-errortype')).toBe('UnknownOperationException');
  });

  it('answers an unsigned request with MissingAuthenticationTokenException', async () => {
    const res = await rawRequest(env.runtime, { headers: kmsTarget('ListKeys'), body: '{}', sign: false });
    expect(res.status).toBe(400);
    expect(res.json()).toEqual({ __type: 'MissingAuthenticationTokenException', message: 'Request is missing Authentication Token' });
  });

  it('answers a request whose body differs from the signed one with InvalidSignatureException', async () => {
    const res = await rawRequest(env.runtime, { headers: kmsTarget('ListKeys'), body: '{}', tamperBody: '{"Limit":1}' });
    expect(res.status).toBe(400);
    expect(res.headers.get('x-amzn-errortype')).toBe('InvalidSignatureException');
  });

  it('answers an unknown access key with UnrecognizedClientException', async () => {
    const signature = '0'.repeat(64);
    const res = await fetch(env.runtime.endpoint, {
      method: 'POST',
      headers: { ...kmsTarget('ListKeys'), authorization: `AWS4-HMAC-SHA256 Credential=AKIANOBODY/20260101/us-east-1/kms/aws4_request, SignedHeaders=host, Signature=${signature}`, 'x-amz-date': '20260101T000000Z' },
      body: '{}',
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('x-amzn-errortype')).toBe('UnrecognizedClientException');
  });

  it('answers a path no service owns with a JSON 404, never plain text', async () => {
    const res = await rawRequest(env.runtime, { path: '/nothing/here', method: 'GET', sign: false });
    expect(res.status).toBe(404);
    expect(res.json().__type).toBe('UnknownOperationException');
  });

  it('refuses oversized bodies with 413 and keeps serving', async () => {
    const res = await rawRequest(env.runtime, { headers: kmsTarget('ListKeys'), body: 'x'.repeat(17 * 1024 * 1024), sign: false });
    expect(res.status).toBe(413);
    const after = await env.clients.kms.send(new ListKeysCommand({}));
    expect(after.Keys).toBeDefined();
  });

  it('never answers a client mistake with a 500', async () => {
    const bodies = ['', 'null', '{}', '{"KeyId": null}', '{"KeyId": 5}', '{"KeyId": "x", "GrantTokens": "y"}', '{"CiphertextBlob": "!!!"}', '{"Plaintext": {}}', '\u0000\u0001'];
    const operations = ['Encrypt', 'Decrypt', 'DescribeKey', 'CreateGrant', 'ScheduleKeyDeletion', 'ListAliases', 'PutKeyPolicy', 'Sign'];
    for (const operation of operations) {
      for (const body of bodies) {
        const res = await rawRequest(env.runtime, { headers: kmsTarget(operation), body });
        expect({ operation, body, status: res.status }).toEqual({ operation, body, status: res.status < 500 ? res.status : 'not a 5xx' });
        expect(res.json().__type ?? 'ok').toEqual(expect.any(String));
      }
    }
  });
});

describe('HTTP/2', () => {
  it('serves the unmodified SDK over cleartext HTTP/2 on the same port', async () => {
    const client = new KMSClient({ ...clientConfig(env.runtime), requestHandler: new NodeHttp2Handler() });
    const { KeyMetadata } = await client.send(new CreateKeyCommand({ Description: 'over h2c' }));
    const described = await client.send(new DescribeKeyCommand({ KeyId: KeyMetadata!.KeyId }));
    expect(described.KeyMetadata!.Description).toBe('over h2c');
    const err = await rejectionOf(client.send(new DescribeKeyCommand({ KeyId: 'not-a-key' })));
    expect(err.name).toBe('NotFoundException');
    client.destroy();
  });
});

describe('control plane', () => {
  const call = (path: string, init?: { method?: string; body?: unknown }) => control(env.runtime, path, init);

  it('reports health and every served operation', async () => {
    const { status, body } = await call('health');
    expect(status).toBe(200);
    expect(body.status).toBe('ok');
    expect(body.services.kms).toEqual(expect.arrayContaining(['Encrypt', 'Decrypt', 'CreateKey', 'RotateKeyOnDemand']));
    expect(body.services.sts).toEqual(['AssumeRole', 'GetCallerIdentity']);
  });

  it('moves the clock forward, never back', async () => {
    const before = (await call('clock')).body.offsetMs;
    const moved = await call('clock', { method: 'POST', body: { advanceSeconds: 60 } });
    expect(moved.body.offsetMs).toBe(before + 60_000);
    const back = await call('clock', { method: 'POST', body: { advanceSeconds: -1 } });
    expect(back.status).toBe(400);
  });

  it('injects faults that reach the SDK as named AWS errors, then clears them', async () => {
    const added = await call('faults', { method: 'POST', body: { service: 'kms', operation: 'ListKeys', errorCode: 'KMSInternalException', status: 500, count: 1 } });
    expect(added.status).toBe(201);
    const err = await rejectionOf(env.clients.kms.send(new ListKeysCommand({})));
    expect(err.name).toBe('KMSInternalException');
    expect(err.$metadata?.httpStatusCode).toBe(500);
    await expect(env.clients.kms.send(new ListKeysCommand({}))).resolves.toBeDefined();
    expect((await call('faults', { method: 'POST', body: '{"service":"kms"}' })).status).toBe(400);
    expect((await call('faults', { method: 'DELETE' })).body).toEqual({ faults: [] });
  });

  it('rejects a non-JSON body and unknown endpoints clearly', async () => {
    expect((await call('clock', { method: 'POST', body: 'nope' })).status).toBe(400);
    expect((await call('teleport')).status).toBe(404);
  });

  it('resets all state', async () => {
    await env.clients.kms.send(new CreateKeyCommand({}));
    expect((await call('reset', { method: 'POST' })).status).toBe(200);
    const { Keys } = await env.clients.kms.send(new ListKeysCommand({}));
    expect(Keys).toEqual([]);
  });
});
