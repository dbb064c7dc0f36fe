import type { Clock } from '../../../core/clock';
import type { RuntimeTimers } from '../../../core/timers';
import { TaskFailure, type Json, type TaskCall } from '../asl/host';
import { sfnErrors } from '../errors';
import type { CallbackOutcome, Execution, ExecutionStore } from '../executions/execution-store';

interface Waiter {
  execution: Execution;
  key: string;
  resolve(output: Json): void;
  reject(e: unknown): void;
  heartbeatSeconds?: number;
  cancelHeartbeat(): void;
}

/**
 * The task tokens of `.waitForTaskToken` tasks and the attempts waiting on them.
 *
 * A token is the execution ARN and the attempt's key, encoded: the same on every replay, so a token handed
 * out before a restart still names its attempt after it. What SendTaskSuccess or SendTaskFailure delivers
 * is appended to the execution's log before the call is answered, so an acknowledged outcome reaches the
 * attempt even if the runtime stops before the interpreter recorded it.
 */
export class TaskTokens {
  private readonly waiters = new Map<string, Waiter>();

  constructor(
    private readonly executions: ExecutionStore,
    private readonly clock: Clock,
    private readonly timers: RuntimeTimers,
  ) {}

  token(executionArn: string, key: string): string {
    return Buffer.from(JSON.stringify([executionArn, key])).toString('base64url');
  }

  /**
   * Waits for the outcome of the callback attempt `call`. Registered before the request that hands the
   * token out is sent, so an answer that comes back at once is not missed; `cancel` if that request fails.
   */
  wait(execution: Execution, call: TaskCall): { outcome: Promise<Json>; cancel(): void } {
    const token = this.token(execution.arn, call.key);
    let cancel = () => undefined as void;
    const outcome = new Promise<Json>((resolve, reject) => {
      const delivered = execution.callbackOutcome(call.key);
      if (delivered) return settle(delivered, resolve, reject);
      const onAbort = () => {
        this.drop(token);
        reject(call.signal.reason);
      };
      const waiter: Waiter = {
        execution,
        key: call.key,
        heartbeatSeconds: call.heartbeatSeconds,
        resolve: (output) => {
          call.signal.removeEventListener('abort', onAbort);
          resolve(output);
        },
        reject: (e) => {
          call.signal.removeEventListener('abort', onAbort);
          reject(e);
        },
        cancelHeartbeat: () => undefined,
      };
      if (call.signal.aborted) return reject(call.signal.reason);
      call.signal.addEventListener('abort', onAbort, { once: true });
      this.waiters.set(token, waiter);
      this.armHeartbeat(token, waiter);
      cancel = () => {
        call.signal.removeEventListener('abort', onAbort);
        this.drop(token);
      };
    });
    // The caller may fail the request before it awaits the outcome: a rejection then must not go unhandled.
    outcome.catch(() => undefined);
    return { outcome, cancel: () => cancel() };
  }

  /** SendTaskSuccess / SendTaskFailure: durable first, then the waiting attempt goes on. */
  deliver(token: string, outcome: CallbackOutcome): void {
    const waiter = this.waiterOf(token);
    this.drop(token);
    waiter.execution.recordCallback(waiter.key, outcome);
    settle(outcome, waiter.resolve, waiter.reject);
  }

  /** SendTaskHeartbeat: the heartbeat timeout starts again. */
  heartbeat(token: string): void {
    const waiter = this.waiterOf(token);
    waiter.cancelHeartbeat();
    this.armHeartbeat(token, waiter);
  }

  /** Reset: the attempts waiting now are gone with their executions. */
  clear(): void {
    for (const token of [...this.waiters.keys()]) this.drop(token);
  }

  /** TaskDoesNotExist for a token of no known execution, TaskTimedOut for one whose attempt is over. */
  private waiterOf(token: string): Waiter {
    const waiter = this.waiters.get(token);
    if (waiter) return waiter;
    const named = this.parse(token);
    if (!this.executions.get(named.executionArn)) throw sfnErrors.taskDoesNotExist();
    throw sfnErrors.taskTimedOut();
  }

  private parse(token: string): { executionArn: string; key: string } {
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    } catch {
      parsed = undefined;
    }
    if (!Array.isArray(parsed) || parsed.length !== 2 || !parsed.every((p) => typeof p === 'string')) throw sfnErrors.invalidToken('Invalid token');
    return { executionArn: parsed[0], key: parsed[1] };
  }

  private drop(token: string): void {
    this.waiters.get(token)?.cancelHeartbeat();
    this.waiters.delete(token);
  }

  /** HeartbeatSeconds on the runtime clock: advancing the clock past it times the attempt out. */
  private armHeartbeat(token: string, waiter: Waiter): void {
    if (waiter.heartbeatSeconds === undefined) return;
    const deadline = new Date(this.clock.now().getTime() + waiter.heartbeatSeconds * 1000);
    waiter.cancelHeartbeat = this.timers.at(deadline, () => {
      if (this.waiters.get(token) !== waiter) return;
      this.drop(token);
      waiter.reject(new TaskFailure('States.HeartbeatTimeout', ''));
    });
  }
}

function settle(outcome: CallbackOutcome, resolve: (output: Json) => void, reject: (e: unknown) => void): void {
  if (outcome.kind === 'success') resolve(JSON.parse(outcome.output) as Json);
  else reject(new TaskFailure(outcome.error ?? '', outcome.cause ?? ''));
}
