import { Agent, request } from 'node:http';
import { RequestGate } from '../core/request-gate';

export interface BackendResponse {
  status: number;
  /** Lower-cased names, as Node reports them. */
  headers: Record<string, string>;
  body: Buffer;
}

/**
 * The backends check that a request is signed but never verify the signature (the edge already did),
 * so every forwarded request carries this fixed, well-formed one. DynamoDB Local refuses access key ids
 * that are not alphanumeric; with `-sharedDb` the key does not choose a database.
 */
function syntheticAuthorization(now: Date): Record<string, string> {
  const amzDate = now.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  return {
    'x-amz-date': amzDate,
    authorization: `AWS4-HMAC-SHA256 Credential=keydrill/${amzDate.slice(0, 8)}/us-east-1/keydrill/aws4_request, SignedHeaders=host;x-amz-date, Signature=${'0'.repeat(64)}`,
  };
}

/** Told of every request, from before it waits for the backend until it is answered or failed. */
export interface RequestListener {
  started(target: string): void;
  ended(target: string): void;
}

/** POSTs awsJson requests to one backend over loopback HTTP/1.1, reusing connections. */
export class BackendHttp {
  private readonly agent = new Agent({ keepAlive: true });
  /** Requests sent to a backend's address and not answered yet (those still waiting for the address are not). */
  private readonly inFlight = new Set<Promise<BackendResponse>>();
  private readonly gate = new RequestGate();

  constructor(
    private readonly endpoint: () => Promise<string>,
    private readonly listener?: RequestListener,
  ) {}

  async post(target: string, contentType: string, body: Buffer | string): Promise<BackendResponse> {
    this.listener?.started(target);
    try {
      return await this.gate.around(async () => {
        const url = new URL(await this.endpoint());
        const sent = this.send(url, target, contentType, body);
        this.inFlight.add(sent);
        const forget = () => void this.inFlight.delete(sent);
        sent.then(forget, forget);
        return await sent;
      });
    } finally {
      this.listener?.ended(target);
    }
  }

  /**
   * Runs `work` while no request is on its way to the backend: those in flight are answered first, and those
   * that come meanwhile wait for it (e.g. while the backend is stopped to rewrite its files).
   */
  alone(work: () => Promise<void>): Promise<void> {
    return this.gate.exclusive(work);
  }

  /**
   * Resolves once every request sent so far is answered, then closes the idle connections: what a
   * backend needs before it closes its database (kinesalite's LevelDB crashes the process when closed
   * under a read). Waits a turn of the event loop first, so a request whose address was just resolved is counted.
   */
  async settled(): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    while (this.inFlight.size) await Promise.allSettled([...this.inFlight]);
    this.close();
  }

  /**
   * A kept-alive connection the backend closed as idle just as this request went out fails with ECONNRESET before
   * the backend read the request; Node's documentation (https://nodejs.org/api/http.html#requestreusedsocket)
   * answers that by sending it again, once, on a new connection.
   */
  private send(url: URL, target: string, contentType: string, body: Buffer | string, retried = false): Promise<BackendResponse> {
    return new Promise((resolve, reject) => {
      const req = request(
        {
          agent: this.agent,
          method: 'POST',
          hostname: url.hostname,
          port: url.port,
          path: '/',
          // Wall time: the backends keep time by the system clock, not the runtime clock.
          headers: { 'content-type': contentType, 'x-amz-target': target, 'content-length': Buffer.byteLength(body), ...syntheticAuthorization(new Date()) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            const headers: Record<string, string> = {};
            for (const [name, value] of Object.entries(res.headers)) if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : value;
            resolve({ status: res.statusCode ?? 500, headers, body: Buffer.concat(chunks) });
          });
          res.on('error', reject);
        },
      );
      req.on('error', (e: NodeJS.ErrnoException) => {
        if (!retried && req.reusedSocket && e.code === 'ECONNRESET') resolve(this.send(url, target, contentType, body, true));
        else reject(e);
      });
      req.end(body);
    });
  }

  /** Closes idle connections, so a stopped backend's server can close. */
  close(): void {
    this.agent.destroy();
  }
}
