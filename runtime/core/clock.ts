/**
 * The runtime's notion of time, and the rule for which time a piece of code reads.
 *
 * AWS-visible time reads this runtime clock: expiry, windows (key deletion, rotation, data-key cache),
 * schedules, Wait states, record age, and timestamps in responses, logs and events. Work that must happen
 * at such a moment, with or without a request, is armed on `RuntimeTimers` (./timers.ts). Drills compress
 * AWS delays by advancing the clock (`POST /_keydrill/clock`) instead of waiting.
 *
 * Pacing reads wall time (`Date.now()`, `performance.now()`, `setTimeout`): poll intervals, timeouts and
 * durations of real work, batching windows, backoff. Advancing the clock must not make the runtime spin,
 * time out work in flight or flush a batch early; those delays are compressed by their config knobs.
 *
 * A wall-time read that could pass for AWS-visible time carries a one-line comment saying why.
 */
export interface Clock {
  now(): Date;
}

export class AdjustableClock implements Clock {
  private offsetMs = 0;
  private readonly listeners = new Set<() => void>();

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('the clock only moves forward');
    this.offsetMs += ms;
    this.changed();
  }

  /** Back to wall time: the clock moves backwards by its offset. */
  reset(): void {
    this.offsetMs = 0;
    this.changed();
  }

  get offset(): number {
    return this.offsetMs;
  }

  /** Calls `listener` after every advance and reset, so what waits on the clock can look again. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}

export const DAY_MS = 24 * 60 * 60 * 1000;
