import type { AdjustableClock } from './clock';

/** Stops an armed timer; a no-op once it has fired or was cleared. */
export type CancelTimer = () => void;

interface Entry {
  dueMs: number;
  fn: () => unknown;
  cancelled: boolean;
}

/** setTimeout's longest delay (2^31 - 1 ms, about 24.8 days): a later moment is reached in steps. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/**
 * Work due at a moment of the runtime clock (a key's deletion at the end of its window, an automatic
 * rotation). One wall-time timer is set for the earliest entry's remaining time, and entries are also
 * looked at right after the clock moves, so advancing it past a moment fires what was due then. Entries
 * fire in due order (ties in arming order); a throw or rejection is logged and never reaches the process.
 * Timers never keep the process alive.
 */
export class RuntimeTimers {
  /** Sorted by due time, then by arming order. */
  private pending: Entry[] = [];
  private wallTimer?: NodeJS.Timeout;
  private closed = false;
  private readonly stopWatchingClock: () => void;

  constructor(private readonly clock: AdjustableClock) {
    // A microtask rather than at once: the code that moved the clock finishes before due work runs.
    this.stopWatchingClock = clock.onChange(() => queueMicrotask(() => this.fireDue()));
  }

  /** Runs `fn` once the runtime clock reaches `date` (soon after, for a date already past). */
  at(date: Date, fn: () => unknown): CancelTimer {
    // Stopped: a request finishing during shutdown arms nothing.
    if (this.closed) return () => undefined;
    const entry: Entry = { dueMs: date.getTime(), fn, cancelled: false };
    const later = this.pending.findIndex((e) => e.dueMs > entry.dueMs);
    this.pending.splice(later === -1 ? this.pending.length : later, 0, entry);
    this.arm();
    return () => this.cancel(entry);
  }

  /** Drops every armed entry (the runtime's reset); new ones may be armed afterwards. */
  clear(): void {
    for (const entry of this.pending) entry.cancelled = true;
    this.pending = [];
    this.arm();
  }

  /** Drops every armed entry and arms no more (the runtime's stop). */
  close(): void {
    this.clear();
    this.closed = true;
    this.stopWatchingClock();
  }

  private cancel(entry: Entry): void {
    entry.cancelled = true;
    const index = this.pending.indexOf(entry);
    if (index === -1) return;
    this.pending.splice(index, 1);
    this.arm();
  }

  private fireDue(): void {
    const nowMs = this.clock.now().getTime();
    const notDue = this.pending.findIndex((e) => e.dueMs > nowMs);
    const due = this.pending.splice(0, notDue === -1 ? this.pending.length : notDue);
    // An entry may cancel a later one that is due in the same pass.
    for (const entry of due) if (!entry.cancelled) runGuarded(entry.fn);
    this.arm();
  }

  /** Sets the one wall-time timer for the earliest entry; it only wakes `fireDue`, which checks the clock. */
  private arm(): void {
    clearTimeout(this.wallTimer);
    this.wallTimer = undefined;
    const next = this.pending[0];
    if (!next) return;
    const remainingMs = next.dueMs - this.clock.now().getTime();
    this.wallTimer = setTimeout(() => this.fireDue(), Math.min(Math.max(0, remainingMs), MAX_TIMEOUT_MS));
    this.wallTimer.unref();
  }
}

function runGuarded(fn: () => unknown): void {
  try {
    const result = fn();
    if (result instanceof Promise) result.catch(reportFailure);
  } catch (e) {
    reportFailure(e);
  }
}

const reportFailure = (e: unknown) => console.error('keydrill timers: a timer failed', e);
