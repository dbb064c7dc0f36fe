import type { DrillRecord, ProbeOperation } from './drill-record';

export const KEY_AT_RISK = 'Ledger Key At Risk';
export const STATUS_CHANGED = 'Ledger Encryption Status Changed';

export interface LatencySummary {
  p50: number;
  p99: number;
  max: number;
}

/** The probe's figures over one part of the scenario. */
export interface ProbeWindowFigures {
  operations: number;
  failures: number;
  failuresByError: Record<string, number>;
  /** Successful operations over all operations, in percent; null when there were none. */
  availabilityPercent: number | null;
  /** Over every operation, failed ones included (a failure's latency is part of what the application sees). */
  latencyMs: LatencySummary | null;
}

/** Milliseconds from the disruption (or, to recover, from the restoring call) to each signal; null when it never came. */
export interface Measurements {
  probes: { before: ProbeWindowFigures; during: ProbeWindowFigures; after: ProbeWindowFigures; all: ProbeWindowFigures };
  timeToDetect: {
    /** → the first "Ledger Key At Risk". */
    keyAtRiskMs: number | null;
    /** → the first status-change alert. */
    statusChangeAlertMs: number | null;
    /** → the first DescribeLedger answer showing a status other than ENABLED. */
    describeLedgerMs: number | null;
    /** → InaccessibleKmsKeyDateTime, QLDB's own ground truth. */
    inaccessibleSinceMs: number | null;
  };
  /** → the first failed application probe operation. */
  timeToImpactMs: number | null;
  /** Restoring call → the first successful application probe operation after it; null when nothing failed or it never came. */
  timeToRecoverMs: number | null;
  /** First UPDATING observation → the first ENABLED one after it. */
  updatingDurationMs: number | null;
  rollbackDurationMs: number | null;
}

const ms = (iso: string): number => Date.parse(iso);

/**
 * Nearest-rank percentile (the smallest value with at least p% of values at or below it): every figure is
 * an observed latency. Hand-written: it is two lines, and the statistics packages' default interpolation
 * would report latencies no operation had.
 */
export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}

export function windowFigures(operations: readonly ProbeOperation[]): ProbeWindowFigures {
  const failed = operations.filter((o) => !o.ok);
  const failuresByError: Record<string, number> = {};
  for (const o of failed) {
    const name = o.errorName ?? 'UnknownError';
    failuresByError[name] = (failuresByError[name] ?? 0) + 1;
  }
  const latencies = operations.map((o) => o.latencyMs).sort((a, b) => a - b);
  return {
    operations: operations.length,
    failures: failed.length,
    failuresByError,
    availabilityPercent: operations.length === 0 ? null : ((operations.length - failed.length) / operations.length) * 100,
    latencyMs: latencies.length === 0 ? null : { p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: latencies[latencies.length - 1] },
  };
}

/** From `from` to the first of `times` at or after it. */
function firstAfter(from: number | undefined, times: readonly number[]): number | null {
  if (from === undefined) return null;
  const later = times.filter((t) => t >= from);
  return later.length === 0 ? null : Math.min(...later) - from;
}

export function measure(record: DrillRecord): Measurements {
  const disruptedAt = record.window ? ms(record.window.disruptedAt) : undefined;
  const restoredAt = record.window?.restoredAt ? ms(record.window.restoredAt) : undefined;
  // Without a disruption everything is "before"; without a restoring call the disruption lasts to the end.
  const inWindow = (o: ProbeOperation, part: 'before' | 'during' | 'after') => {
    const at = ms(o.at);
    const phase = disruptedAt === undefined || at < disruptedAt ? 'before' : restoredAt === undefined || at < restoredAt ? 'during' : 'after';
    return phase === part;
  };
  const app = record.probes.filter((o) => o.role === 'application');
  const eventTimes = (detailType: string) => record.events.filter((e) => e.detailType === detailType).map((e) => ms(e.at));
  const notEnabled = record.ledger.filter((l) => l.status !== 'ENABLED').map((l) => ms(l.at));
  const inaccessibleSince = record.ledger.filter((l) => l.inaccessibleSince !== undefined).map((l) => ms(l.inaccessibleSince!));
  const appFailures = app.filter((o) => !o.ok).map((o) => ms(o.at));
  const impact = firstAfter(disruptedAt, appFailures);
  return {
    probes: {
      before: windowFigures(record.probes.filter((o) => inWindow(o, 'before'))),
      during: windowFigures(record.probes.filter((o) => inWindow(o, 'during'))),
      after: windowFigures(record.probes.filter((o) => inWindow(o, 'after'))),
      all: windowFigures(record.probes),
    },
    timeToDetect: {
      keyAtRiskMs: firstAfter(disruptedAt, eventTimes(KEY_AT_RISK)),
      statusChangeAlertMs: firstAfter(disruptedAt, eventTimes(STATUS_CHANGED)),
      describeLedgerMs: firstAfter(disruptedAt, notEnabled),
      inaccessibleSinceMs: firstAfter(disruptedAt, inaccessibleSince),
    },
    timeToImpactMs: impact,
    timeToRecoverMs: impact === null ? null : firstAfter(restoredAt, app.filter((o) => o.ok).map((o) => ms(o.at))),
    updatingDurationMs: updatingDuration(record),
    rollbackDurationMs: record.rollback ? ms(record.rollback.endedAt) - ms(record.rollback.startedAt) : null,
  };
}

function updatingDuration(record: DrillRecord): number | null {
  const observations = [...record.ledger].sort((a, b) => ms(a.at) - ms(b.at));
  const updating = observations.find((l) => l.status === 'UPDATING');
  if (!updating) return null;
  const enabled = observations.find((l) => l.status === 'ENABLED' && ms(l.at) > ms(updating.at));
  return enabled ? ms(enabled.at) - ms(updating.at) : null;
}
