import { connect, type Socket } from 'node:net';
import { EdgeServer, type EdgeHandler } from '../../runtime/edge/server';
import type { EdgeResponse } from '../../runtime/edge/edge-request';

/**
 * The edge server itself, with a stand-in handler: what reaches it from a hostile or careless client
 * must end in an AWS-shaped answer (a JSON error with a request id) and never end the process.
 */

const ok: EdgeResponse = { status: 200, headers: { 'content-type': 'application/json' }, body: '{}' };
let answer: EdgeResponse = ok;
const handler: EdgeHandler = async () => answer;

let server: EdgeServer;
let port: number;

beforeAll(async () => {
  server = new EdgeServer(handler);
  port = await server.listen(0, '127.0.0.1');
});
afterAll(() => server.close());
afterEach(() => {
  answer = ok;
  jest.restoreAllMocks();
});

const open = (): Promise<Socket> =>
  new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket));
    socket.on('error', reject);
  });

/** Everything the server sends on the socket until it goes quiet for `quietMs` or closes. */
function received(socket: Socket, quietMs = 300): Promise<Buffer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let timer = setTimeout(done, quietMs * 5);
    function done() {
      socket.removeAllListeners('data');
      resolve(Buffer.concat(chunks));
    }
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      clearTimeout(timer);
      timer = setTimeout(done, quietMs);
    });
    socket.on('close', () => {
      clearTimeout(timer);
      done();
    });
  });
}

interface Parsed {
  status: number;
  headers: Record<string, string>;
  body: string;
}

function parse(raw: Buffer): Parsed {
  const text = raw.toString('utf8');
  const [head, ...rest] = text.split('\r\n\r\n');
  const [statusLine, ...lines] = head.split('\r\n');
  const headers = Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
  return { status: Number(statusLine.split(' ')[1]), headers, body: rest.join('\r\n\r\n') };
}

async function exchange(bytes: string | Buffer): Promise<Parsed> {
  const socket = await open();
  socket.write(bytes);
  const raw = await received(socket);
  socket.destroy();
  return parse(raw);
}

const get = (path = '/') => `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`;

const expectAwsShaped = (res: Parsed, status: number, code: string) => {
  expect(res.status).toBe(status);
  expect(res.headers['x-amzn-requestid']).toMatch(/^[0-9a-f-]{36}$/);
  expect(JSON.parse(res.body).__type).toBe(code);
};

describe('EdgeServer', () => {
  it.each([
    ['a status Node cannot send', { ...ok, status: 99 }],
    ['a status above 999', { ...ok, status: 1000 }],
    ['a header value with a newline', { ...ok, headers: { 'x-amzn-errortype': 'Bad\nCode' } }],
    ['a header value outside Latin-1', { ...ok, headers: { 'x-amzn-errortype': 'Bad\u{1F600}' } }],
  ])('answers a response it cannot write (%s) with a 500 and keeps serving', async (_name, unwritable) => {
    const logged = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    answer = unwritable as EdgeResponse;
    expect((await exchange(get())).status).toBe(500);
    expect(logged).toHaveBeenCalledWith('keydrill edge: unhandled error', expect.anything());
    answer = ok;
    expect((await exchange(get())).status).toBe(200);
  });

  it('refuses a stated oversize body with an AWS-shaped 413 before the body arrives', async () => {
    const socket = await open();
    socket.write(`POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: ${17 * 1024 * 1024}\r\n\r\n${'x'.repeat(1024)}`);
    const res = parse(await received(socket));
    socket.destroy();
    expectAwsShaped(res, 413, 'RequestEntityTooLargeException');
  });

  it('refuses a chunked body as soon as it passes 16 MB, before the body ends', async () => {
    const socket = await open();
    const size = 17 * 1024 * 1024;
    socket.write(`POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n${size.toString(16)}\r\n`);
    socket.write(Buffer.alloc(size, 0x78));
    const res = parse(await received(socket));
    socket.destroy();
    expectAwsShaped(res, 413, 'RequestEntityTooLargeException');
  });

  it('answers a header block over 16 KB with an AWS-shaped 431, not a bare status line', async () => {
    const res = await exchange(`GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${'a'.repeat(17 * 1024)}\r\n\r\n`);
    expectAwsShaped(res, 431, 'RequestHeaderFieldsTooLarge');
  });

  it('answers bytes that are not HTTP with an AWS-shaped 400', async () => {
    expectAwsShaped(await exchange('NOT HTTP AT ALL\r\n\r\n'), 400, 'BadRequest');
  });

  it('recognises an HTTP/2 preface sent in two TCP writes', async () => {
    const socket = await open();
    socket.write('PRI * HT');
    await new Promise((r) => setTimeout(r, 100));
    socket.write('TP/2.0\r\n\r\nSM\r\n\r\n');
    const raw = await received(socket);
    socket.destroy();
    expect(raw.subarray(0, 8).toString('latin1')).not.toMatch(/^HTTP\/1/);
    // The server's first frame is its SETTINGS frame (type 0x4).
    expect(raw[3]).toBe(0x4);
  });

  it('still serves HTTP/1.1 whose first write is shorter than the HTTP/2 preface', async () => {
    const socket = await open();
    socket.write('P');
    await new Promise((r) => setTimeout(r, 50));
    socket.write('OST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
    const res = parse(await received(socket));
    socket.destroy();
    expect(res.status).toBe(200);
  });

  it('does not log a client that closes mid-body as an error', async () => {
    const logged = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const socket = await open();
    socket.write('POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n0123456789');
    await new Promise((r) => setTimeout(r, 50));
    socket.destroy();
    await new Promise((r) => setTimeout(r, 200));
    expect(logged).not.toHaveBeenCalled();
    expect((await exchange(get())).status).toBe(200);
  });
});
