import { createServer, type Socket } from 'node:net';
import { BackendHttp } from '../../runtime/backends/backend-http';

/**
 * A backend that answers the first request on a connection and resets that connection when a second request
 * comes on it (as a server does that closed a kept-alive connection as idle just as the request went out).
 */
async function resettingBackend() {
  let connections = 0;
  let requests = 0;
  const server = createServer((socket: Socket) => {
    const connection = ++connections;
    let served = 0;
    socket.on('data', () => {
      requests++;
      if (connection === 1 && served === 1) return void socket.resetAndDestroy();
      served++;
      socket.write(`HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(`{"c": ${connection}}`)}\r\nconnection: keep-alive\r\n\r\n{"c": ${connection}}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return { endpoint: `http://127.0.0.1:${port}`, server, counts: () => ({ connections, requests }) };
}

test('a request the backend resets on a kept-alive connection is sent again, once, on a new one', async () => {
  const backend = await resettingBackend();
  const http = new BackendHttp(async () => backend.endpoint);
  try {
    const first = await http.post('X.One', 'application/x-amz-json-1.0', '{}');
    expect(JSON.parse(first.body.toString())).toEqual({ c: 1 });
    const second = await http.post('X.Two', 'application/x-amz-json-1.0', '{}');
    expect(second.status).toBe(200);
    expect(JSON.parse(second.body.toString())).toEqual({ c: 2 });
    expect(backend.counts()).toEqual({ connections: 2, requests: 3 });
  } finally {
    http.close();
    backend.server.close();
  }
});
