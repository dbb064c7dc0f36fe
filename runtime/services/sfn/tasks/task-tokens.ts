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
/**
 * How long (wall time: pacing) SendTask* waits for the attempt its token names to start waiting when that
 * attempt's execution is RUNNING: right after a restart, replay takes a moment to reach the task again.
 */
const REGISTRATION_GRACE_MS = 2000;

export class TaskTokens {
  private readonly waiters = new Map<string, Waiter>();
  /** SendTask* calls waiting for the attempt of a token to register (after a restart). */
  private readonly awaitingRegistration = new Map<string, (() => void)[]>();

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
      for (const notify of this.awaitingRegistration.get(token) ?? []) notify();
      this.awaitingRegistration.delete(token);
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
  async deliver(token: string, outcome: CallbackOutcome): Promise<void> {
    const waiter = await this.waiterOf(token);
    this.drop(token);
    waiter.execution.recordCallback(waiter.key, outcome);
    settle(outcome, waiter.resolve, waiter.reject);
  }

  /** SendTaskHeartbeat: the heartbeat timeout starts again. */
  async heartbeat(token: string): Promise<void> {
    const waiter = await this.waiterOf(token);
    waiter.cancelHeartbeat();
    this.armHeartbeat(token, waiter);
  }

  /** Reset: the attempts waiting now are gone with their executions. */
  clear(): void {
    for (const token of [...this.waiters.keys()]) this.drop(token);
  }

  /** TaskDoesNotExist for a token of no known execution, TaskTimedOut for one whose attempt is over. */
  private async waiterOf(token: string): Promise<Waiter> {
    const named = this.parse(token);
    const execution = this.executions.get(named.executionArn);
    if (!execution) throw sfnErrors.taskDoesNotExist();
    if (!this.waiters.has(token) && execution.status === 'RUNNING') await this.registration(token);
    const waiter = this.waiters.get(token);
    if (!waiter) throw sfnErrors.taskTimedOut();
    return waiter;
  }

  private registration(token: string): Promise<void> {
    return new Promise((resolve) => {
      const notify = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        const rest = (this.awaitingRegistration.get(token) ?? []).filter((n) => n !== notify);
        if (rest.length) this.awaitingRegistration.set(token, rest);
        else this.awaitingRegistration.delete(token);
        resolve();
      }, REGISTRATION_GRACE_MS);
      this.awaitingRegistration.set(token, [...(this.awaitingRegistration.get(token) ?? []), notify]);
    });
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
