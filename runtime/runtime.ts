import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { AuditTrail } from './core/audit-trail';
import { AdjustableClock } from './core/clock';
import { DataDirLock } from './core/data-dir-lock';
import { DurableJsonFile } from './core/durable-file';
import { tightenTree } from './core/private-files';
import { SerialTask } from './core/serial-task';
import { Dispatcher } from './core/dispatcher';
import { FaultRegistry } from './core/faults';
import { ModuleSet } from './core/module-set';
import { RuntimeTimers } from './core/timers';
import type { RuntimeContext } from './core/service-module';
import { deployedStack, deployTemplate, deploymentFile, type DeployedStack, type DeploymentState } from './bootstrap/deploy';
import type { CfnTemplate } from './bootstrap/template';
import { createRouter } from './edge/router';
import { EdgeServer } from './edge/server';
import { IdentityStore, RUNTIME_SESSION_NAME, type Credentials } from './identity/identity-store';
import { rootPrincipal } from './identity/principal';
import { SERVICE_MODULES, type ServiceOptions } from './services';

export const DEFAULT_ACCOUNT = '000000000000';
export const DEFAULT_REGION = 'us-east-1';
export const DEFAULT_PORT = 4599;

/** The runtime's own options, plus each service module's (documented where the module declares them). */
export type RuntimeOptions = ServiceOptions & {
  /** 0 picks a free port. @default 4599 */
  port?: number;
  /** Loopback only, by design. @default 127.0.0.1 */
  host?: string;
  /** Where state is kept (key material: owner-only, and the process umask becomes 077); omit to keep everything in memory (tests). */
  dataDir?: string;
  account?: string;
  region?: string;
  /** A synthesized stack to deploy (see runtime/bootstrap). */
  stack?: { name: string; template: CfnTemplate };
  /** Web origins (`http://localhost:3000`) whose pages may call the runtime; every other browser origin is refused. @default [] */
  allowedOrigins?: string[];
};

export interface Runtime {
  endpoint: string;
  port: number;
  account: string;
  region: string;
  /** The environment that points the unmodified SDK at this runtime as the account administrator. */
  env: Record<string, string>;
  /** `Authorization: Bearer <controlToken>` lets a caller use the control plane; new on every start. */
  controlToken: string;
  /** The deployed stack's outputs (empty without a stack). */
  outputs: Record<string, string>;
  clock: AdjustableClock;
  faults: FaultRegistry;
  trail: AuditTrail;
  dispatcher: Dispatcher;
  identity: IdentityStore;
  /** Credentials the runtime issued to a role of the template (as if the role had been assumed). */
  roleCredentials(roleName: string): Credentials;
  reset(): Promise<void>;
  stop(): Promise<void>;
}

export const stateFile = (dataDir: string | undefined, name: string) => (dataDir ? join(dataDir, 'state', `${name}.json`) : undefined);

/** Starts the embedded runtime: every service on one loopback endpoint, state under `dataDir`. */
export async function startRuntime(options: RuntimeOptions = {}): Promise<Runtime> {
  const lock = options.dataDir ? DataDirLock.acquire(options.dataDir) : undefined;
  if (options.dataDir) tightenDataDir(options.dataDir);
  try {
    return await start(options, lock);
  } catch (e) {
    lock?.release();
    throw e;
  }
}

async function start(options: RuntimeOptions, lock: DataDirLock | undefined): Promise<Runtime> {
  // Modules read the endpoint only once the edge listens (queue URLs, execution environments' env), and the
  // deployed stack only once it is deployed (CloudFormation).
  const ctx = createContext(options, () => runtime.endpoint, () => deployedStack(options.stack?.template, deployed));
  const { clock, timers, faults, identity, trail, dispatcher } = ctx;
  const modules = await ModuleSet.build<RuntimeOptions>(SERVICE_MODULES, ctx, options);

  const deployment = deploymentFile(ctx.stateFile('deployment'));
  const resetMarker = new DurableJsonFile<{ startedAt: string }>(ctx.stateFile('reset-in-progress'), 'reset-in-progress', 1);
  let deployed: DeploymentState | undefined = deployment.load();
  const deploy = async () => {
    if (!options.stack) return;
    const deployer = { principal: rootPrincipal(identity.account) };
    deployed = await deployTemplate(options.stack.template, { dispatcher, identity, deployer, stackName: options.stack.name }, deployment, { ...ctx.scope, clock });
  };

  const runtime: Runtime = {
    endpoint: '',
    port: 0,
    account: identity.account,
    region: identity.region,
    env: {},
    controlToken: randomBytes(32).toString('base64url'),
    get outputs() {
      return deployed?.outputs ?? {};
    },
    clock,
    faults,
    trail,
    dispatcher,
    identity,
    roleCredentials(roleName) {
      if (!identity.getRole(roleName)) throw new Error(`no role named ${roleName}`);
      return identity.issueSession(roleName, RUNTIME_SESSION_NAME);
    },
    reset: () => resets.run(),
    async stop() {
      await resets.idle();
      await shutdown();
      trail.close();
      lock?.release();
    },
  };

  const control = {
    clock,
    faults,
    trail,
    outputs: () => runtime.outputs,
    services: () => dispatcher.listing(),
    roleCredentials: (name: string) => (identity.getRole(name) ? runtime.roleCredentials(name) : undefined),
    reset: () => runtime.reset(),
    routes: modules.controlRoutes,
  };
  /**
   * Wipes every service's state and deploys afresh. The marker is written first and removed last: a
   * process that dies in between leaves it behind, and the next start-up finishes the reset (wipe, fresh
   * deployment) rather than trusting a deployment record whose resources may be half gone.
   */
  const wipe = async () => {
    resetMarker.save({ startedAt: new Date().toISOString() });
    faults.clear();
    clock.reset();
    timers.clear();
    await modules.reset();
    identity.resetRoles();
    trail.clear();
    deployment.remove();
    deployed = undefined;
  };
  const resets = new SerialTask(async () => {
    await wipe();
    await deploy();
    await modules.start();
    resetMarker.remove();
  });

  const browsers = { port: () => runtime.port, allowedOrigins: options.allowedOrigins ?? [] };
  const server = new EdgeServer(createRouter({ dispatcher, identity, clock, bindings: modules.bindings, control, controlToken: runtime.controlToken, browsers }));
  /** Stops everything that runs: also what a failed start-up undoes. */
  const shutdown = async () => {
    await modules.drain();
    await server.close();
    await modules.close();
    timers.close();
  };
  const host = options.host ?? '127.0.0.1';
  try {
    runtime.port = await server.listen(options.port ?? DEFAULT_PORT, host);
    runtime.endpoint = `http://${host}:${runtime.port}`;
    const admin = identity.adminCredentials();
    runtime.env = { AWS_ENDPOINT_URL: runtime.endpoint, AWS_REGION: identity.region, AWS_ACCESS_KEY_ID: admin.accessKeyId, AWS_SECRET_ACCESS_KEY: admin.secretAccessKey };
    if (resetMarker.load()) {
      process.stderr.write('keydrill: the last reset did not finish; finishing it (every service wiped, the stack deployed afresh)\n');
      await wipe();
    }
    // After listen: resources whose Ref or attributes are URLs on the endpoint (SQS queue URLs) need it.
    await deploy();
    await modules.start();
    resetMarker.remove();
  } catch (e) {
    await shutdown();
    throw e;
  }
  return runtime;
}

/**
 * Key material lives in the data directory: tighten what an earlier version or another tool left readable to
 * others. The umask is the process's own from now on: kinesalite's LevelDB, which runs in this process, creates
 * its files with it and takes no mode.
 */
function tightenDataDir(dataDir: string): void {
  process.umask(0o077);
  const tightened = tightenTree(dataDir);
  if (tightened) process.stderr.write(`keydrill: ${dataDir} holds key material; removed group and other permissions from ${tightened} entries under it\n`);
}

/** The shared parts every module is built with. */
function createContext(options: RuntimeOptions, endpoint: () => string, stack: () => DeployedStack | undefined): RuntimeContext {
  const { dataDir } = options;
  const clock = new AdjustableClock();
  const identity = new IdentityStore(stateFile(dataDir, 'identity'), options.account ?? DEFAULT_ACCOUNT, options.region ?? DEFAULT_REGION, clock);
  const faults = new FaultRegistry();
  return {
    scope: { account: identity.account, region: identity.region },
    clock,
    timers: new RuntimeTimers(clock),
    faults,
    identity,
    dispatcher: new Dispatcher(faults),
    trail: new AuditTrail(dataDir ? join(dataDir, 'state', 'trail.jsonl') : undefined),
    stateFile: (name) => stateFile(dataDir, name),
    dataPath: (...parts) => (dataDir ? join(dataDir, ...parts) : undefined),
    endpoint,
    stack,
  };
}
