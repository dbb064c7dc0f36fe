import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * An HTTP proxy in front of the runtime that adds one space to every request body after the client
 * signed it, as a man in the middle would. Everything else is forwarded unchanged but the Host, which must
 * name the runtime's own port (it answers to no other: DNS rebinding); so the signed Host differs as well.
 * The emulator tier's raw requests (`tamperBody`) show that a changed body alone is refused.
 */
export class TamperingProxy {
  private readonly server: Server;

  private constructor(target: URL) {
    this.server = createServer((incoming, outgoing) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('end', () => {
        const body = Buffer.concat([...chunks, Buffer.from(' ')]);
        const forwarded = request(
          { host: target.hostname, port: target.port, method: incoming.method, path: incoming.url, headers: { ...incoming.headers, host: target.host, 'content-length': String(body.length) } },
          (answer) => {
            outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(outgoing);
          },
        );
        forwarded.on('error', () => outgoing.destroy());
        forwarded.end(body);
      });
    });
  }

  static async start(targetEndpoint: string): Promise<TamperingProxy> {
    const proxy = new TamperingProxy(new URL(targetEndpoint));
    await new Promise<void>((resolve) => proxy.server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  get endpoint(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
