import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { PROJECT_ROOT } from '../../../core/paths';
import type { Clock } from '../../../core/clock';
import { lambdaErrors } from '../errors';
import type { LambdaConfig } from '../lambda';
import { FunctionLogs, LineSplitter, type LogEvent } from '../logs/function-logs';
import { LATEST, logGroupName, type LambdaFunction, type RoleCredentials } from '../model';
import { ExecutionEnvironment, type Outcome } from './execution-environment';
import { CHILD_ENV, type ErrorPayload } from './protocol';

export interface InvocationResult {
  /** The function's response, or AWS's error payload when `functionError` is set. */
  payload: Buffer;
  functionError?: 'Unhandled';
  /** The invocation's log lines, START to REPORT. */
  log: string;
}

export interface PoolDeps {
  clock: Clock;
  config: LambdaConfig;
  logs: FunctionLogs;
  region: string;
  /** The runtime's endpoint; known only once it listens, so environments are spawned lazily. */
  endpoint(): string;
  /** Credentials of the function's execution role (refreshed by the caller before they expire). */
  credentials(fn: LambdaFunction): RoleCredentials;
}

interface Pool {
  idle: ExecutionEnvironment[];
  /** Environments serving an invocation right now: the function's concurrency. */
  active: number;
}

/** The export is the part of Handler after the last dot (`index.handler` → `handler`). */
const handlerExport = (handler: string) => handler.slice(handler.lastIndexOf('.') + 1);

const twoDecimals = (ms: number) => ms.toFixed(2);

/**
 * Execution environments per function: reused while warm, one per concurrent invocation, capped by the
 * function's reserved concurrency (or the runtime default). Over the cap a synchronous Invoke is throttled.
 */
export class FunctionPools {
  private readonly pools = new Map<string, Pool>();
  private readonly idleTimers = new Map<ExecutionEnvironment, NodeJS.Timeout>();
  private readonly environments = new Set<ExecutionEnvironment>();
  private stopped = false;

  constructor(private readonly deps: PoolDeps) {}

  async invoke(fn: LambdaFunction, payload: string, requestId: string, clientContext?: string): Promise<InvocationResult> {
    const pool = this.pool(fn.name);
    const env = this.acquire(fn, pool);
    pool.active += 1;
    const events: LogEvent[] = [];
    const splitter = new LineSplitter();
    const now = () => this.deps.clock.now().getTime();
    const log = (text: string) => events.push(...splitter.push(text, now()));
    // Wall time: the REPORT line's Duration measures the real invocation.
    const started = performance.now();
    let outcome: Outcome;
    let initMs: number | undefined;
    let reusable = false;
    try {
      const init = await env.initialized;
      if (!env.coldStartReported && init.ok) initMs = init.initMs;
      env.coldStartReported = true;
      reusable = init.ok;
      log(`START RequestId: ${requestId} Version: ${LATEST}\n`);
      outcome = init.ok
        ? await env.invoke(
            // Wall time: the child has no runtime clock, and the timeout bounds real work.
            { requestId, payload, deadlineMs: Date.now() + fn.timeoutSeconds * 1000, invokedFunctionArn: fn.arn, clientContext },
            fn.timeoutSeconds * 1000,
            log,
          )
        : { kind: 'error', error: init.error };
    } finally {
      pool.active -= 1;
    }
    const duration = performance.now() - started;
    const error = this.failure(outcome, requestId, fn, log);
    // A failed init, a timeout or an exit ends the environment; Lambda starts a fresh one for the next invocation.
    if (reusable && (outcome.kind === 'result' || outcome.kind === 'error')) this.release(pool, env);
    else env.kill();
    events.push(...splitter.flush(now()));
    const report = [
      `REPORT RequestId: ${requestId}`,
      `Duration: ${twoDecimals(duration)} ms`,
      `Billed Duration: ${Math.ceil(duration)} ms`,
      `Memory Size: ${fn.memorySize} MB`,
      `Max Memory Used: ${'maxMemoryMb' in outcome && outcome.maxMemoryMb ? outcome.maxMemoryMb : 0} MB`,
      ...(initMs !== undefined ? [`Init Duration: ${twoDecimals(initMs)} ms`] : []),
      ...(outcome.kind === 'timeout' ? ['Status: timeout'] : outcome.kind === 'exit' ? ['Status: error', 'Error Type: Runtime.ExitError'] : []),
    ].join('\t');
    events.push({ timestamp: now(), message: `END RequestId: ${requestId}` }, { timestamp: now(), message: report });
    this.deps.logs.append(fn.name, events);
    const logText = events.map((e) => `${e.message}\n`).join('');
    if (error) return { payload: Buffer.from(JSON.stringify(error)), functionError: 'Unhandled', log: logText };
    return { payload: Buffer.from((outcome as { payload: string }).payload), log: logText };
  }

  /** Stops every environment of a function (its code or configuration changed, or it was deleted). */
  retire(functionName: string): void {
    const pool = this.pools.get(functionName);
    if (!pool) return;
    for (const env of pool.idle) this.dispose(env);
    pool.idle = [];
  }

  /** Kills every environment, busy ones included (their invocations fail as Runtime.ExitError). */
  killAll(): void {
    for (const name of this.pools.keys()) this.retire(name);
    for (const env of this.environments) env.kill();
    this.environments.clear();
  }

  /** Kills every environment and spawns no more: none may outlive the runtime. */
  stop(): void {
    this.stopped = true;
    this.killAll();
  }

  /** The error payload AWS reports for an outcome, with the log lines Lambda writes for it. */
  private failure(outcome: Outcome, requestId: string, fn: LambdaFunction, log: (text: string) => void): ErrorPayload | undefined {
    switch (outcome.kind) {
      case 'result':
        return undefined;
      case 'error':
        return outcome.error;
      case 'timeout': {
        // https://docs.aws.amazon.com/lambda/latest/dg/troubleshooting-invocation.html (Sandbox.Timedout)
        const message = `Task timed out after ${fn.timeoutSeconds.toFixed(2)} seconds`;
        log(`${this.deps.clock.now().toISOString()} ${requestId} ${message}\n`);
        return { errorType: 'Sandbox.Timedout', errorMessage: `RequestId: ${requestId} Error: ${message}` };
      }
      case 'exit': {
        const status = outcome.code === null ? `signal: ${outcome.signal}` : `exit status ${outcome.code}`;
        const message = `RequestId: ${requestId} Error: Runtime exited with error: ${status}`;
        log(`${message}\nRuntime.ExitError\n`);
        return { errorType: 'Runtime.ExitError', errorMessage: message };
      }
    }
  }

  private pool(name: string): Pool {
    let pool = this.pools.get(name);
    if (!pool) this.pools.set(name, (pool = { idle: [], active: 0 }));
    return pool;
  }

  private acquire(fn: LambdaFunction, pool: Pool): ExecutionEnvironment {
    const cap = fn.reservedConcurrency ?? this.deps.config.defaultConcurrency;
    if (pool.active >= cap) throw lambdaErrors.tooManyRequests();
    const freshUntil = this.deps.clock.now().getTime() + this.deps.config.credentialRefreshMarginMs;
    while (pool.idle.length) {
      const env = pool.idle.pop()!;
      this.clearIdleTimer(env);
      if (env.alive && env.revisionId === fn.revisionId && env.credentialsExpireAt > freshUntil) return env;
      env.kill();
    }
    return this.spawn(fn);
  }

  private release(pool: Pool, env: ExecutionEnvironment): void {
    if (!env.alive || this.stopped) return env.kill();
    pool.idle.push(env);
    const timer = setTimeout(() => {
      pool.idle = pool.idle.filter((e) => e !== env);
      this.dispose(env);
    }, this.deps.config.idleEnvironmentMs);
    timer.unref();
    this.idleTimers.set(env, timer);
  }

  private dispose(env: ExecutionEnvironment): void {
    this.clearIdleTimer(env);
    env.kill();
  }

  private clearIdleTimer(env: ExecutionEnvironment): void {
    clearTimeout(this.idleTimers.get(env));
    this.idleTimers.delete(env);
  }

  private spawn(fn: LambdaFunction): ExecutionEnvironment {
    const credentials = this.deps.credentials(fn);
    const entry = join(PROJECT_ROOT, fn.entry);
    const day = this.deps.clock.now().toISOString().slice(0, 10).replace(/-/g, '/');
    const env: Record<string, string> = {
      ...passThrough(['PATH', 'LANG', 'TMPDIR']),
      ...fn.environment,
      // Lambda's reserved variables win over the function's own: https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html
      AWS_ENDPOINT_URL: this.deps.endpoint(),
      AWS_REGION: this.deps.region,
      AWS_DEFAULT_REGION: this.deps.region,
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      AWS_SESSION_TOKEN: credentials.sessionToken ?? '',
      AWS_LAMBDA_FUNCTION_NAME: fn.name,
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memorySize),
      AWS_LAMBDA_FUNCTION_VERSION: LATEST,
      AWS_LAMBDA_LOG_GROUP_NAME: logGroupName(fn.name),
      AWS_LAMBDA_LOG_STREAM_NAME: `${day}/[${LATEST}]${randomBytes(16).toString('hex')}`,
      AWS_EXECUTION_ENV: `AWS_Lambda_${fn.runtime}`,
      _HANDLER: fn.handler,
      LAMBDA_TASK_ROOT: dirname(entry),
      TZ: ':UTC',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      [CHILD_ENV.entry]: entry,
      [CHILD_ENV.exportName]: handlerExport(fn.handler),
    };
    if (this.stopped) throw new Error('the Lambda service has stopped');
    const strays = new LineSplitter();
    const environment = new ExecutionEnvironment(env, fn.revisionId, credentials.expiration.getTime(), (text) =>
      this.deps.logs.append(fn.name, strays.push(text, this.deps.clock.now().getTime())),
    );
    for (const e of this.environments) if (!e.alive) this.environments.delete(e);
    this.environments.add(environment);
    return environment;
  }
}

const passThrough = (names: string[]) => Object.fromEntries(names.filter((n) => process.env[n] !== undefined).map((n) => [n, process.env[n]!]));
