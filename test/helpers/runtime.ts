import { startRuntime, type Runtime, type RuntimeOptions } from '../../runtime';
import { arn } from '../../runtime/core/arn';
import { type ClientConfig, type ClientCredentials, lazyClients, type ServiceClients } from './service-clients';

/**
 * Tests point the unmodified SDK clients at the runtime exactly as applications do — endpoint, region and
 * credentials — with SDK retries off so an error surfaces on the first attempt.
 */
export function clientConfig(runtime: Runtime, credentials?: ClientCredentials): ClientConfig {
  return {
    endpoint: runtime.endpoint,
    region: runtime.region,
    credentials: credentials ?? { accessKeyId: runtime.env.AWS_ACCESS_KEY_ID, secretAccessKey: runtime.env.AWS_SECRET_ACCESS_KEY },
    maxAttempts: 1,
  };
}

export async function withRuntime(options: RuntimeOptions = {}): Promise<Runtime> {
  return startRuntime({ port: 0, ...options });
}

/** Resolves to the error a promise rejects with; fails the test if it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error & { $metadata?: { httpStatusCode?: number }; $response?: unknown }> {
  try {
    await promise;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected the call to fail, but it succeeded');
}

/** The parts of a failed call a test asserts on: AWS error code, HTTP status and message. */
export async function failure(call: Promise<unknown>) {
  const err = await rejectionOf(call);
  return { name: err.name, status: err.$metadata?.httpStatusCode, message: err.message };
}

export interface RuntimeFixture {
  /** The running runtime; it exists from the fixture's beforeAll to its afterAll. */
  readonly runtime: Runtime;
  /**
   * One SDK client per service as the administrator, built on first use. Read them here every time rather
   * than keeping one: a restart destroys them and the next read builds one for the new runtime.
   */
  readonly clients: ServiceClients;
  /** The same clients signed with other credentials (a role's, a forger's); destroyed with the others. */
  clientsAs(credentials: ClientCredentials): ServiceClients;
  /**
   * Runs `cleanup` whenever the runtime is about to stop (after the block's tests, and in a restart), while it still
   * answers: for what the test opened on it, such as a QLDB driver, which ends its sessions when closed.
   */
  onStop(cleanup: () => void): void;
  /**
   * Stops the runtime, runs `whileStopped`, and starts it again with `changes` applied to its options from now
   * on: with the same data directory, what the test wrote before must still be there.
   */
  restart(changes?: Partial<RuntimeOptions>, whileStopped?: () => unknown): Promise<void>;
}

/**
 * A runtime for the enclosing describe block (or file): started in beforeAll with `options` (on a free port),
 * stopped in afterAll together with every client the tests used. `timeoutMs` bounds each of the two hooks
 * (deploying a large stack takes longer than jest's default).
 */
export function useRuntime(options: RuntimeOptions = {}, { timeoutMs }: { timeoutMs?: number } = {}): RuntimeFixture {
  let settings = options;
  let current: Runtime | undefined;
  const clientSets: (() => void)[] = [];
  const beforeStopping: (() => void)[] = [];

  const running = (): Runtime => {
    if (!current) throw new Error('the runtime runs only between the beforeAll and the afterAll of the block that called useRuntime');
    return current;
  };
  const clientsAs = (credentials?: ClientCredentials): ServiceClients => {
    const set = lazyClients(() => clientConfig(running(), credentials));
    clientSets.push(set.destroy);
    return set.clients;
  };
  const stop = async () => {
    for (const cleanup of beforeStopping) cleanup();
    for (const destroy of clientSets) destroy();
    await current?.stop();
    current = undefined;
  };

  beforeAll(async () => {
    current = await withRuntime(settings);
  }, timeoutMs);
  afterAll(stop, timeoutMs);

  const clients = clientsAs();
  return {
    get runtime() {
      return running();
    },
    clients,
    clientsAs,
    onStop(cleanup) {
      beforeStopping.push(cleanup);
    },
    async restart(changes = {}, whileStopped) {
      await stop();
      await whileStopped?.();
      settings = { ...settings, ...changes };
      current = await withRuntime(settings);
    },
  };
}

/** A KMS key's ARN in the runtime's account and region. */
export const keyArnOf = (runtime: Runtime, keyId: string) => arn('kms', runtime.region, runtime.account, `key/${keyId}`);
