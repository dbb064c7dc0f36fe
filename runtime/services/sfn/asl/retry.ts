/**
 * What a state does with an error it raised: retry it after a delay, hand it to a catcher, or fail
 * (https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html). Pure: the engine records,
 * sleeps and transitions. Retriers are scanned in order and the first whose ErrorEquals matches decides (an
 * exhausted one does not give way to a later retrier); then catchers, in order.
 */
import { ERRORS } from './failure';
import { seededRandom } from './values';

export interface Retrier {
  ErrorEquals: string[];
  IntervalSeconds?: number;
  MaxAttempts?: number;
  BackoffRate?: number;
  MaxDelaySeconds?: number;
  JitterStrategy?: 'FULL' | 'NONE';
}

export interface Catcher {
  ErrorEquals: string[];
  Next: string;
  ResultPath?: string | null;
  Output?: unknown;
  Assign?: unknown;
}

/** AWS's defaults: 1 s, 3 attempts, doubled each time. */
export const RETRY_DEFAULTS = { IntervalSeconds: 1, MaxAttempts: 3, BackoffRate: 2 } as const;

export type ErrorDecision =
  /** Run the state again after `delaySeconds` (before time scaling); `retrier` counts one more retry. */
  | { kind: 'retry'; retrier: number; delaySeconds: number }
  /** Transition to `catcher`'s Next with the error as its result. */
  | { kind: 'catch'; catcher: number }
  | { kind: 'fail' };

/**
 * Whether one ErrorEquals name matches an error. States.ALL matches everything except States.Runtime and
 * States.DataLimitExceeded; States.TaskFailed everything except the timeouts and those two; States.Timeout
 * also matches a heartbeat timeout.
 */
export function errorMatches(name: string, error: string): boolean {
  if (error === ERRORS.runtime) return false;
  if (name === error) return true;
  if (error === ERRORS.dataLimitExceeded) return false;
  if (name === ERRORS.all) return true;
  if (name === ERRORS.taskFailed) return error !== ERRORS.timeout && error !== ERRORS.heartbeatTimeout;
  return name === ERRORS.timeout && error === ERRORS.heartbeatTimeout;
}

const matchesAny = (names: string[], error: string) => names.some((name) => errorMatches(name, error));

/** The delay before retry number `count + 1` of a retrier, in seconds; FULL jitter draws from [0, delay) by `seed`. */
export function retryDelay(retrier: Retrier, count: number, seed: string): number {
  const interval = retrier.IntervalSeconds ?? RETRY_DEFAULTS.IntervalSeconds;
  const backoff = retrier.BackoffRate ?? RETRY_DEFAULTS.BackoffRate;
  let delay = interval * backoff ** count;
  if (retrier.MaxDelaySeconds !== undefined) delay = Math.min(delay, retrier.MaxDelaySeconds);
  return retrier.JitterStrategy === 'FULL' ? seededRandom(seed)() * delay : delay;
}

/**
 * `retryCounts[i]` is how many times retrier i already retried this state visit; `seed` is stable across replays
 * (the failed attempt's key).
 */
export function decideAfterError(error: string, retriers: readonly Retrier[], retryCounts: readonly number[], catchers: readonly Catcher[], seed: string): ErrorDecision {
  const retrier = retriers.findIndex((r) => matchesAny(r.ErrorEquals, error));
  if (retrier >= 0) {
    const policy = retriers[retrier]!;
    const count = retryCounts[retrier] ?? 0;
    if (count < (policy.MaxAttempts ?? RETRY_DEFAULTS.MaxAttempts)) return { kind: 'retry', retrier, delaySeconds: retryDelay(policy, count, seed) };
  }
  const catcher = catchers.findIndex((c) => matchesAny(c.ErrorEquals, error));
  return catcher >= 0 ? { kind: 'catch', catcher } : { kind: 'fail' };
}
