import { CreateKeyCommand, ListKeysCommand } from '@aws-sdk/client-kms';
import { control } from '../helpers/control-plane';
import { rawRequest } from '../helpers/raw-request';
import { useRuntime } from '../helpers/runtime';

/** Control inputs and relayed requests a fuzz campaign found crashing the runtime or answered un-AWS-like. */

const env = useRuntime();

const get = (path: string) => control(env.runtime, path);
const post = (path: string, body: unknown) => control(env.runtime, path, { method: 'POST', body });

describe('fault specs', () => {
  const valid = { service: 'kms', operation: 'ListKeys', errorCode: 'KMSInternalException' };

  it.each([
    ['a status below 100', { status: 99 }],
    ['a status above 999', { status: 1000 }],
    ['a status that is text', { status: 'abc' }],
    ['a fractional status', { status: 1.5 }],
    ['a negative status', { status: -1 }],
    ['a status that is no error (200)', { status: 200 }],
    ['an errorCode with a newline', { errorCode: 'Bad\nCode' }],
    ['an errorCode outside Latin-1', { errorCode: 'Bad\u{1F600}' }],
    ['an errorCode with a space', { errorCode: 'Bad Code' }],
    ['a count of zero', { count: 0 }],
    ['a count that is text', { count: 'x' }],
    ['a message that is no string', { message: { a: 1 } }],
  ])('refuses %s with a 400 and keeps serving', async (_name, change) => {
    const added = await post('faults', { ...valid, ...change });
    expect(added.status).toBe(400);
    expect(added.body.error).toEqual(expect.any(String));
    expect((await get('faults')).body.faults).toEqual([]);
    await expect(env.clients.kms.send(new ListKeysCommand({}))).resolves.toBeDefined();
  });

  it('still serves a valid one with a 5xx status and a namespaced code', async () => {
    expect((await post('faults', { ...valid, errorCode: 'com.amazon.coral#Throttling', status: 503, count: 1 })).status).toBe(201);
    const res = await rawRequest(env.runtime, { headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'TrentService.ListKeys' }, body: '{}' });
    expect(res.status).toBe(503);
    expect(res.headers.get('x-amzn-errortype')).toBe('com.amazon.coral#Throttling');
  });
});

describe('the clock route', () => {
  it.each([
    ['1e308 seconds', 1e308],
    ['1e13 seconds (beyond the dates JavaScript represents)', 1e13],
    ['a little more than 100 years', 101 * 365 * 24 * 3600],
  ])('refuses %s with a clear 400 and leaves the clock as it was', async (_name, advanceSeconds) => {
    const before = (await get('clock')).body.offsetMs;
    const moved = await post('clock', { advanceSeconds });
    expect(moved.status).toBe(400);
    expect(moved.body.error).toMatch(/within 100 years/);
    expect((await get('clock')).body.offsetMs).toBe(before);
    await expect(env.clients.kms.send(new CreateKeyCommand({}))).resolves.toBeDefined();
  });

  it('moves the clock years ahead and the runtime keeps working', async () => {
    expect((await post('clock', { advanceSeconds: 10 * 365 * 24 * 3600 })).status).toBe(200);
    await expect(env.clients.kms.send(new CreateKeyCommand({}))).resolves.toBeDefined();
  });
});

describe('relayed backends', () => {
  it('answers an overlong DynamoDB target AWS-shaped instead of relaying DynamoDB Local’s HTML 431', async () => {
    const res = await rawRequest(env.runtime, {
      service: 'dynamodb',
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `DynamoDB_20120810.${'A'.repeat(12 * 1024)}` },
      body: '{}',
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.json().__type).toBe('UnknownOperationException');
  });
});
