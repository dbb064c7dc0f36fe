import { createServer as createHttp1Server, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttp2Server, type Http2ServerRequest, type Http2ServerResponse } from 'node:http2';
import { createServer as createNetServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { Duplex } from 'node:stream';
import type { EdgeRequest, EdgeResponse } from './edge-request';

export type EdgeHandler = (req: EdgeRequest) => Promise<EdgeResponse>;

/** Requests larger than this are refused before they are buffered (AWS's largest JSON payloads are well below). */
const MAX_BODY_BYTES = 16 * 1024 * 1024;

const HTTP2_PREFACE = Buffer.from('PRI * HTTP/2.0');

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
    const h1 = createHttp1Server({ keepAliveTimeout: 60_000 }, serve);
    const h2 = createHttp2Server({}, serve);
    this.net = createNetServer((socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      socket.once('data', (first) => {
        socket.pause();
        if (first.subarray(0, HTTP2_PREFACE.length).equals(HTTP2_PREFACE)) {
          h2.emit('connection', replayingStream(socket, first));
        } else {
          socket.unshift(first);
          h1.emit('connection', socket);
        }
        socket.resume();
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

  private async serve(req: IncomingMessage | Http2ServerRequest, res: ServerResponse | Http2ServerResponse): Promise<void> {
    let response: EdgeResponse;
    try {
      const body = await readBody(req);
      response = body === undefined ? tooLarge() : await this.handler(toEdgeRequest(req, body));
    } catch (e) {
      // The handler answers every client mistake itself; reaching here is a runtime bug.
      console.error('keydrill edge: unhandled error', e);
      response = { status: 500, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ __type: 'InternalFailure', message: 'internal error' }) };
    }
    if (res.headersSent || res.destroyed) return;
    const payload = typeof response.body === 'string' ? Buffer.from(response.body) : response.body;
    (res as ServerResponse).writeHead(response.status, { ...response.headers, 'content-length': String(payload.length) });
    res.end(payload);
  }
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
  return {
    status: 413,
    headers: { 'content-type': 'application/json', 'x-amzn-errortype': 'RequestEntityTooLargeException' },
    body: JSON.stringify({ __type: 'RequestEntityTooLargeException', message: `Request must be smaller than ${MAX_BODY_BYTES} bytes` }),
  };
}

function readBody(req: IncomingMessage | Http2ServerRequest): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let overflow = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) overflow = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(overflow ? undefined : Buffer.concat(chunks)));
    req.on('error', reject);
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
