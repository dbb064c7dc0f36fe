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

/** GET a `/_keydrill/…` control endpoint of the running runtime, as JSON. */
export async function controlGet<T>(path: string): Promise<T> {
  const url = `${runtimeEndpoint()}/_keydrill/${path}`;
  let response: Response;
  try {
    response = await fetch(url);
  } catch (e) {
    throw new Error(`no keydrill runtime answers at ${url} (${(e as Error).cause ?? (e as Error).message}); is \`keydrill up\` running?`);
  }
  const body = (await response.json().catch(() => ({}))) as T & { error?: string };
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
