import { SignatureV4 } from '@smithy/signature-v4';
import { CONTROL_SIGNING_NAME } from '../runtime/edge/control-auth';
import { readControlToken } from './control-token';
import { Sha256 } from './node-sha256';
import { dataDirOf } from './options';

/**
 * CLI commands that talk to a running runtime find it as the SDK does: through the environment that
 * `keydrill up` prints (AWS_ENDPOINT_URL, region, credentials). Outside the runtime (on AWS) there is no
 * control plane, and commands take what they need as options instead.
 */
function runtimeEndpoint(): string {
  const endpoint = process.env.AWS_ENDPOINT_URL;
  if (!endpoint) {
    throw new Error('AWS_ENDPOINT_URL is not set: export the environment `keydrill up` prints (its "env" field) to reach the runtime');
  }
  return endpoint.replace(/\/$/, '');
}

/**
 * The control plane is the administrator's: the ready line's `controlToken` (KEYDRILL_CONTROL_TOKEN), else a
 * SigV4 signature by the administrator's credentials of the printed environment, else the token `keydrill up`
 * keeps in the default data directory.
 */
async function authorization(url: URL): Promise<Record<string, string>> {
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  if (process.env.KEYDRILL_CONTROL_TOKEN) return bearer(process.env.KEYDRILL_CONTROL_TOKEN);
  const { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey, AWS_SESSION_TOKEN: sessionToken } = process.env;
  if (!accessKeyId || !secretAccessKey) {
    const kept = readControlToken(dataDirOf(undefined));
    return kept ? bearer(kept) : {};
  }
  const region = process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1';
  const signer = new SignatureV4({ credentials: { accessKeyId, secretAccessKey, sessionToken }, region, service: CONTROL_SIGNING_NAME, sha256: Sha256 as never });
  const query = Object.fromEntries(url.searchParams);
  const signed = await signer.sign({ method: 'GET', protocol: url.protocol, hostname: url.hostname, port: Number(url.port) || undefined, path: url.pathname, query, headers: { host: url.host } });
  const { host: _host, ...headers } = signed.headers;
  return headers;
}

/** GET a `/_keydrill/…` control endpoint of the running runtime, as JSON. */
export async function controlGet<T>(path: string): Promise<T> {
  const url = `${runtimeEndpoint()}/_keydrill/${path}`;
  let response: Response;
  try {
    response = await fetch(url, { headers: await authorization(new URL(url)) });
  } catch (e) {
    throw new Error(`no keydrill runtime answers at ${url} (${(e as Error).cause ?? (e as Error).message}); is \`keydrill up\` running?`);
  }
  const body = (await response.json().catch(() => ({}))) as T & { error?: string };
  if (response.status === 401 || response.status === 403) {
    throw new Error(`${url} refused the call (${body.error ?? response.status}): export the environment \`keydrill up\` prints, or KEYDRILL_CONTROL_TOKEN=<its controlToken>`);
  }
  if (!response.ok) throw new Error(body.error ?? `${url} answered ${response.status}`);
  return body;
}

/** A stack output of the running runtime, unless the user named the value explicitly. */
export async function outputOrOption(explicit: string | undefined, outputKey: string, optionName: string): Promise<string> {
  if (explicit) return explicit;
  const outputs = await controlGet<Record<string, string>>('outputs');
  const value = outputs[outputKey];
  if (!value) throw new Error(`the running runtime has no ${outputKey} output; pass ${optionName}`);
  return value;
}
