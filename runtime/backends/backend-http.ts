import { Agent, request } from 'node:http';

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

/** POSTs awsJson requests to one backend over loopback HTTP/1.1, reusing connections. */
export class BackendHttp {
  private readonly agent = new Agent({ keepAlive: true });

  constructor(private readonly endpoint: () => Promise<string>) {}

  async post(target: string, contentType: string, body: Buffer | string): Promise<BackendResponse> {
    const url = new URL(await this.endpoint());
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
      req.on('error', reject);
      req.end(body);
    });
  }

  /** Closes idle connections, so a stopped backend's server can close. */
  close(): void {
    this.agent.destroy();
  }
}
