import type { Runtime } from '../../runtime';
import { removeControlToken } from '../control-token';
import { startStackRuntime } from '../commands/up';

/** How long a health check waits for an answer before taking the port to be free of a runtime. */
const HEALTH_TIMEOUT_MS = 2000;

/** Whether a keydrill runtime answers on the loopback port: its control plane's health route needs no credentials. */
export async function runtimeAnswersOn(port: number): Promise<boolean> {
  if (port === 0) return false;
  try {
    const response = await fetch(`http://127.0.0.1:${port}/_keydrill/health`, { signal: AbortSignal.timeout(HEALTH_TIMEOUT_MS) });
    const body = (await response.json()) as { status?: string };
    return response.ok && body.status === 'ok';
  } catch {
    return false;
  }
}

export interface AttachedRuntime {
  endpoint: string;
  env: Record<string, string>;
  /** Started by this process, which stops it; a runtime that was already running is left as it is. */
  owned: boolean;
  stop(): Promise<void>;
}

const portOf = (endpoint: string | undefined) => {
  try {
    return endpoint ? Number(new URL(endpoint).port) : undefined;
  } catch {
    return undefined;
  }
};

/**
 * The runtime on `port`: the one that answers there already, reached through the environment its `keydrill
 * up` printed (administrator credentials exist only there), or one started here with the stack deployed. Either
 * way this process's environment then points the SDK and the control plane at it.
 */
export async function attachRuntime(opts: { port: number; dataDir: string }): Promise<AttachedRuntime> {
  if (await runtimeAnswersOn(opts.port)) {
    const { AWS_ENDPOINT_URL: endpoint, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY } = process.env;
    if (portOf(endpoint) !== opts.port || !AWS_ACCESS_KEY_ID || !AWS_SECRET_ACCESS_KEY) {
      throw new Error(
        `a keydrill runtime already answers on port ${opts.port}, but this shell does not have its environment: export the "env" its \`keydrill up\` printed (AWS_ENDPOINT_URL=http://127.0.0.1:${opts.port}, AWS_REGION, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY), stop it, or pass another --port`,
      );
    }
    process.stderr.write(`keydrill: using the runtime already running at ${endpoint}\n`);
    return { endpoint: endpoint!, env: {}, owned: false, stop: async () => undefined };
  }
  const runtime: Runtime = await startStackRuntime({ port: opts.port, dataDir: opts.dataDir });
  Object.assign(process.env, runtime.env, { KEYDRILL_CONTROL_TOKEN: runtime.controlToken });
  process.stderr.write(`keydrill: the runtime runs at ${runtime.endpoint} (data in ${opts.dataDir})\n`);
  return {
    endpoint: runtime.endpoint,
    env: runtime.env,
    owned: true,
    stop: async () => {
      removeControlToken(opts.dataDir);
      await runtime.stop();
    },
  };
}
