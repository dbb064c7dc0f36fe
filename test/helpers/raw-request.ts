import { SignatureV4 } from '@smithy/signature-v4';
import type { Runtime } from '../../runtime';
import { Sha256 } from '../../cli/node-sha256';

export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
  json: () => any;
}

/**
 * Sends a hand-made request to the runtime — for the wire cases the SDK never produces (malformed JSON,
 * unknown targets, missing signatures). `sign: false` sends it unsigned; `tamperBody` is sent instead of
 * the body that was signed.
 */
export async function rawRequest(
  runtime: Runtime,
  options: { path?: string; method?: string; headers?: Record<string, string>; body?: string; sign?: boolean; service?: string; tamperBody?: string },
): Promise<RawResponse> {
  const url = new URL(options.path ?? '/', runtime.endpoint);
  let headers: Record<string, string> = { host: url.host, ...options.headers };
  const body = options.body ?? '';
  if (options.sign !== false) {
    const signer = new SignatureV4({
      credentials: { accessKeyId: runtime.env.AWS_ACCESS_KEY_ID, secretAccessKey: runtime.env.AWS_SECRET_ACCESS_KEY },
      region: runtime.region,
      service: options.service ?? 'kms',
      sha256: Sha256 as never,
    });
    const signed = await signer.sign({ method: options.method ?? 'POST', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: url.pathname, query: {}, headers, body });
    headers = signed.headers;
  }
  const { host: _host, ...sent } = headers;
  const res = await fetch(url, { method: options.method ?? 'POST', headers: sent, body: options.method === 'GET' ? undefined : (options.tamperBody ?? body) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: () => JSON.parse(text) };
}

export const kmsTarget = (operation: string) => ({ 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `TrentService.${operation}` });
