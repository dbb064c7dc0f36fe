/**
 * The runtime's notion of time. Drills compress AWS delays (deletion windows, rotation periods,
 * key-check intervals) by advancing this clock through the control plane instead of waiting.
 */
export interface Clock {
  now(): Date;
}

export class AdjustableClock implements Clock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('the clock only moves forward');
    this.offsetMs += ms;
  }

  reset(): void {
    this.offsetMs = 0;
  }

  get offset(): number {
    return this.offsetMs;
  }
}

/** AWS JSON protocols render timestamps as epoch seconds (fractional allowed). */
export const epochSeconds = (d: Date): number => d.getTime() / 1000;

export const DAY_MS = 24 * 60 * 60 * 1000;
