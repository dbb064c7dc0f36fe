import type { Clock } from '../../core/clock';
import { isServiceError } from '../../core/errors';
import type { IdentityStore } from '../../identity/identity-store';
import { evaluateIdentityPolicies } from '../../identity/policy-evaluator';
import type { Principal } from '../../identity/principal';
import { lambdaErrors } from './errors';
import { FunctionPools } from './execution/function-pools';
import { findFunction, functionArn } from './function-names';
import type { FunctionLogs } from './logs/function-logs';
import type { LambdaConfig, LambdaFunction, RoleCredentials } from './model';
import type { LambdaStore } from './store';

/** AWS retries a failed asynchronous invocation twice: https://docs.aws.amazon.com/lambda/latest/dg/invocation-async.html */
export const ASYNC_RETRY_ATTEMPTS = 2;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The Lambda service's state, shared by its operations. */
export class Lambda {
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
    this.pools = new FunctionPools({ clock, config, logs, region: identity.region, endpoint, credentials: (fn) => this.credentials(fn) });
  }

  get scope() {
    return { account: this.identity.account, region: this.identity.region };
  }

  functionArn(name: string): string {
    return functionArn(this.scope, name);
  }

  findFunction(reference: string, qualifier?: string): LambdaFunction {
    return findFunction((name) => this.store.getFunction(name), this.scope, reference, qualifier);
  }

  /** The account root may do anything; a role needs an identity policy allowing the action on the function. */
  authorize(p: Principal, action: string, resource: string): void {
    if (p.kind !== 'assumed-role') return;
    const decision = evaluateIdentityPolicies(this.identity.identityPolicies(p), { action, resource, principal: p, context: new Map() });
    if (decision.explicitDeny || !decision.allowed) throw lambdaErrors.accessDenied(p.arn, action, resource);
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
    if (mapping && mapping.lastProcessingResult !== result) this.store.putMapping({ ...mapping, lastProcessingResult: result });
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
