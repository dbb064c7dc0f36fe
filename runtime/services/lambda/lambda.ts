import type { Clock } from '../../core/clock';
import { isServiceError } from '../../core/errors';
import { defineOperation } from '../../core/operation';
import { scopeOf, type Scope } from '../../core/scope';
import { requireIdentityAllows } from '../../identity/authorize';
import type { IdentityStore } from '../../identity/identity-store';
import type { Principal } from '../../identity/principal';
import { lambdaErrors } from './errors';
import { FunctionPools } from './execution/function-pools';
import { findFunction, functionArn } from './function-names';
import type { FunctionLogs } from './logs/function-logs';
import type { LambdaFunction, RoleCredentials } from './model';
import type { LambdaStore } from './store';

/** The runtime's Lambda knobs (RuntimeOptions.lambda). */
export interface LambdaConfig {
  /** Concurrent execution environments per function without ReservedConcurrentExecutions. */
  defaultConcurrency: number;
  /** How long the credentials handed to an execution environment live. */
  credentialLifetimeMs: number;
  /** Environments whose credentials expire within this margin are retired instead of reused. */
  credentialRefreshMarginMs: number;
  /** Delay before each of the two retries of a failed asynchronous (Event) invocation; AWS waits about 1 and 2 minutes. */
  asyncRetryDelayMs: number;
  /** How long an idle execution environment stays warm before it is stopped. */
  idleEnvironmentMs: number;
  /** Event source mappings: pause between polls of a shard that had no new records (AWS polls about once a second). */
  pollIntervalMs: number;
  /** Event source mappings: pause before retrying a failed batch, a throttled invoke or a failing stream call. */
  retryBackoffMs: number;
  /** Event source mappings: how often the shard list of a stream is re-read to find new shards. */
  shardRefreshMs: number;
}

export const DEFAULT_LAMBDA_CONFIG: LambdaConfig = {
  defaultConcurrency: 10,
  credentialLifetimeMs: 60 * 60 * 1000,
  credentialRefreshMarginMs: 5 * 60 * 1000,
  asyncRetryDelayMs: 1000,
  // AWS keeps an idle environment for minutes (how long is unspecified); here each one is a process of 20-70 MB,
  // and `npm start`'s budget is 1 GB for everything, so one that has had nothing to do for 5 s is stopped (with
  // 10 s, the lifecycle's environments were still resident when the drills' started: 1,041 MB at the peak).
  idleEnvironmentMs: 5_000,
  pollIntervalMs: 250,
  retryBackoffMs: 200,
  shardRefreshMs: 5000,
};

/** AWS retries a failed asynchronous invocation twice: https://docs.aws.amazon.com/lambda/latest/dg/invocation-async.html */
const ASYNC_RETRY_ATTEMPTS = 2;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The Lambda service's state, shared by its operations. */
export class Lambda {
  readonly scope: Scope;
  readonly pools: FunctionPools;
  private readonly credentialCache = new Map<string, RoleCredentials>();
  private readonly asyncInvocations = new Set<Promise<void>>();
  private stopped = false;

  constructor(
    readonly store: LambdaStore,
    readonly identity: IdentityStore,
    readonly clock: Clock,
    readonly logs: FunctionLogs,
    readonly config: LambdaConfig,
    endpoint: () => string,
  ) {
    this.scope = scopeOf(identity);
    this.pools = new FunctionPools({ clock, config, logs, region: identity.region, endpoint, credentials: (fn) => this.credentials(fn) });
  }

  functionArn(name: string): string {
    return functionArn(this.scope, name);
  }

  findFunction(reference: string, qualifier?: string): LambdaFunction {
    return findFunction((name) => this.store.getFunction(name), this.scope, reference, qualifier);
  }

  /**
   * The account root may do anything; a role needs an identity policy allowing the action on the function.
   * Services act under the function's resource policy, which keydrill does not evaluate: Lambda's own
   * event source pollers call as `lambda.amazonaws.com`.
   */
  authorize(p: Principal, action: string, resource: string): void {
    requireIdentityAllows(this.identity, p, action, resource, { servicePrincipals: 'pass', deny: lambdaErrors.accessDenied });
  }

  /**
   * The execution role's credentials, as Lambda hands them to a new environment: a session named after the
   * function, reissued when fewer than the refresh margin remains.
   */
  credentials(fn: LambdaFunction): RoleCredentials {
    const now = this.clock.now().getTime();
    const cached = this.credentialCache.get(fn.name);
    if (cached && cached.expiration.getTime() - now > this.config.credentialRefreshMarginMs) return cached;
    const role = this.identity.getRole(fn.role);
    if (!role) throw lambdaErrors.invalidParameter(`The role defined for the function cannot be assumed by Lambda.`);
    const expiration = new Date(now + this.config.credentialLifetimeMs);
    const issued = { ...this.identity.issueSession(role.name, fn.name, expiration), expiration };
    this.credentialCache.set(fn.name, issued);
    return issued;
  }

  /** An Event invocation: queued, retried twice on a function error, throttles retried without counting. */
  invokeAsync(fn: LambdaFunction, payload: string, requestId: string): void {
    const run = (async () => {
      let failures = 0;
      while (!this.stopped && failures <= ASYNC_RETRY_ATTEMPTS) {
        const current = this.store.getFunction(fn.name);
        if (!current) return;
        try {
          const result = await this.pools.invoke(current, payload, requestId);
          if (!result.functionError) return;
          failures += 1;
        } catch (e) {
          if (!isServiceError(e) || e.code !== 'TooManyRequestsException') return;
        }
        await sleep(this.config.asyncRetryDelayMs);
      }
    })();
    this.asyncInvocations.add(run);
    void run.finally(() => this.asyncInvocations.delete(run));
  }

  /** The event source poller reports each batch's result; it shows as the mapping's LastProcessingResult. */
  recordProcessingResult(uuid: string, result: string): void {
    const mapping = this.store.getMapping(uuid);
    if (mapping && mapping.lastProcessingResult !== result) {
      this.store.putMapping({ ...mapping, lastProcessingResult: result });
      this.store.commit();
    }
  }

  /** A function changed or went away: its warm environments must not serve the old code or role. */
  retireFunction(name: string): void {
    this.pools.retire(name);
    this.credentialCache.delete(name);
  }

  reset(): void {
    this.pools.killAll();
    this.credentialCache.clear();
    this.logs.clear();
    this.store.reset();
  }

  stop(): void {
    this.stopped = true;
    this.pools.stop();
  }
}

/** Declares a Lambda operation; the input and output types are @aws-sdk/client-lambda's (types only) or, where the runtime takes more, its own. */
export const operation = defineOperation<Lambda>();
