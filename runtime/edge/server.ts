import { randomUUID } from 'node:crypto';
import { STATUS_CODES, createServer as createHttp1Server, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttp2Server, type Http2ServerRequest, type Http2ServerResponse } from 'node:http2';
import { createServer as createNetServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { Duplex } from 'node:stream';
import type { EdgeRequest, EdgeResponse } from './edge-request';

export type EdgeHandler = (req: EdgeRequest) => Promise<EdgeResponse>;

/** Requests larger than this are refused before they are buffered (AWS's largest JSON payloads are well below). */
const MAX_BODY_BYTES = 16 * 1024 * 1024;

/** Node's default, kept explicit because the edge answers a larger header block itself (see answerClientError). */
const MAX_HEADER_BYTES = 16 * 1024;

const HTTP2_PREFACE = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n');

/**
 * One loopback port for every service, speaking HTTP/1.1 and cleartext HTTP/2 (h2c with prior
 * knowledge, which the Kinesis client uses by default). The first bytes of each connection decide
 * which server handles it: Node's HTTP/2 server cannot fall back to HTTP/1.1 without TLS.
 */
export class EdgeServer {
  private readonly net: Server;
  private readonly sockets = new Set<Socket>();

  constructor(private readonly handler: EdgeHandler) {
    const serve = (req: IncomingMessage | Http2ServerRequest, res: ServerResponse | Http2ServerResponse) => void this.serve(req, res);
    const h1 = createHttp1Server({ keepAliveTimeout: 60_000, maxHeaderSize: MAX_HEADER_BYTES }, serve);
    h1.on('clientError', answerClientError);
    const h2 = createHttp2Server({}, serve);
    this.net = createNetServer((socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      sniffProtocol(socket, (first, http2) => {
        if (http2) {
          h2.emit('connection', replayingStream(socket, first));
        } else {
          socket.unshift(first);
          h1.emit('connection', socket);
        }
      });
      socket.on('error', () => socket.destroy());
    });
  }

  listen(port: number, host: string): Promise<number> {
    return new Promise((resolve, reject) => {
      this.net.once('error', reject);
      this.net.listen(port, host, () => resolve((this.net.address() as AddressInfo).port));
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.net.close(() => resolve());
      for (const socket of this.sockets) socket.destroy();
    });
  }

  /**
   * Never rejects: it runs in a promise no one awaits, where a throw would end the process. Writing the
   * response is inside the try too, since Node throws there for a status or header it cannot send.
   */
  private async serve(req: IncomingMessage | Http2ServerRequest, res: ServerResponse | Http2ServerResponse): Promise<void> {
    try {
      const body = await readBody(req);
      if (body === CLIENT_GONE) return;
      write(res, body === undefined ? tooLarge() : await this.handler(toEdgeRequest(req, body)));
    } catch (e) {
      // The handler answers every client mistake itself; reaching here is a runtime bug.
      console.error('keydrill edge: unhandled error', e);
      try {
        write(res, edgeError(500, 'InternalFailure', 'internal error'));
      } catch {
        res.destroy();
      }
    }
  }
}

function write(res: ServerResponse | Http2ServerResponse, response: EdgeResponse): void {
  if (res.headersSent || res.destroyed) return;
  const payload = typeof response.body === 'string' ? Buffer.from(response.body) : response.body;
  (res as ServerResponse).writeHead(response.status, { ...response.headers, 'content-length': String(payload.length) });
  res.end(payload);
}

/** An error the edge itself answers, before any service is chosen: awsJson-shaped, with a request id as AWS's front end gives. */
function edgeError(status: number, code: string, message: string): EdgeResponse {
  return {
    status,
    headers: { 'content-type': 'application/json', 'x-amzn-requestid': randomUUID(), 'x-amzn-errortype': code },
    body: JSON.stringify({ __type: code, message }),
  };
}

/**
 * Node's own answer to a request it cannot parse is a bare status line with no body (`431` for a header
 * block over maxHeaderSize); clients get an AWS-shaped error instead, then the connection is closed since
 * the rest of its bytes cannot be framed.
 */
function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (!socket.writable || error.code === 'ECONNRESET') {
    socket.destroy();
    return;
  }
  const answer =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? edgeError(431, 'RequestHeaderFieldsTooLarge', `The request's header block must be smaller than ${MAX_HEADER_BYTES} bytes`)
      : edgeError(400, 'BadRequest', 'The request is not valid HTTP/1.1');
  const body = Buffer.from(answer.body as string);
  const head = Object.entries({ ...answer.headers, 'content-length': String(body.length), connection: 'close' }).map(([name, value]) => `${name}: ${value}\r\n`);
  socket.end(Buffer.concat([Buffer.from(`HTTP/1.1 ${answer.status} ${STATUS_CODES[answer.status]}\r\n${head.join('')}\r\n`), body]));
}

/**
 * Reads a connection's first bytes until they either are the whole HTTP/2 preface or cannot begin it; a
 * client may send the preface in more than one TCP write.
 */
function sniffProtocol(socket: Socket, decide: (first: Buffer, http2: boolean) => void): void {
  let seen = Buffer.alloc(0);
  const onData = (chunk: Buffer) => {
    seen = Buffer.concat([seen, chunk]);
    const compared = Math.min(seen.length, HTTP2_PREFACE.length);
    const couldBePreface = seen.subarray(0, compared).equals(HTTP2_PREFACE.subarray(0, compared));
    if (couldBePreface && seen.length < HTTP2_PREFACE.length) return;
    socket.off('data', onData);
    socket.pause();
    decide(seen, couldBePreface);
    socket.resume();
  };
  socket.on('data', onData);
}

/**
 * The HTTP/2 server reads a net.Socket through its native handle, which bypasses bytes pushed back with
 * unshift(); so the sniffed preface is replayed through a JS duplex that then relays the socket.
 */
function replayingStream(socket: Socket, first: Buffer): Duplex {
  const stream = new Duplex({
    read() {
      socket.resume();
    },
    write(chunk, encoding, callback) {
      socket.write(chunk, encoding, callback);
    },
    final(callback) {
      socket.end(callback);
    },
    destroy(error, callback) {
      socket.destroy(error ?? undefined);
      callback(error);
    },
  });
  stream.push(first);
  socket.on('data', (chunk) => {
    if (!stream.push(chunk)) socket.pause();
  });
  socket.on('end', () => stream.push(null));
  socket.on('close', () => stream.destroy());
  return stream;
}

function tooLarge(): EdgeResponse {
  return edgeError(413, 'RequestEntityTooLargeException', `Request must be smaller than ${MAX_BODY_BYTES} bytes`);
}

/** Marks a request whose client went away before sending all of its body: nothing is left to answer. */
const CLIENT_GONE = Symbol('client gone');

/**
 * The request body, or undefined as soon as it is known to be too large: a stated Content-Length is
 * refused before any byte is read, a longer stream as soon as it passes the limit; the rest is discarded.
 */
function readBody(req: IncomingMessage | Http2ServerRequest): Promise<Buffer | undefined | typeof CLIENT_GONE> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let ended = false;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) refuse();
      else chunks.push(chunk);
    };
    const refuse = () => {
      req.removeListener('data', onData);
      req.resume();
      resolve(undefined);
    };
    if (Number(req.headers['content-length']) > MAX_BODY_BYTES) return refuse();
    req.on('data', onData);
    req.on('end', () => {
      ended = true;
      resolve(Buffer.concat(chunks));
    });
    // A client that closes mid-body is not an error of the runtime's: there is no one left to answer.
    req.on('close', () => ended || resolve(CLIENT_GONE));
    req.on('error', (e) => (req.destroyed ? resolve(CLIENT_GONE) : reject(e)));
  });
}

function toEdgeRequest(req: IncomingMessage | Http2ServerRequest, body: Buffer): EdgeRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    if (name === ':authority') headers['host'] ??= String(value);
    else if (!name.startsWith(':')) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : String(value);
  }
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  return {
    method: req.method ?? 'GET',
    rawPath: q < 0 ? url : url.slice(0, q),
    query: new URLSearchParams(q < 0 ? '' : url.slice(q + 1)),
    headers,
    body,
  };
}
