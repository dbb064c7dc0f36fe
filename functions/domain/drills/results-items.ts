import type { Baseline } from './baseline';
import type { DrillFact, DrillRecord, DisruptionWindow, LedgerObservation, ObservedEvent, ProbeOperation, RollbackRecord } from './drill-record';
import { windowFigures } from './measurements';

/**
 * The engine's items in the results table under a run's `runId` (the execution ARN). PROGRESS and REPORT are the
 * shared contract; the rest is the engine's own (docs/drills.md#results-table).
 */
export const ITEMS = {
  progress: 'PROGRESS',
  report: 'REPORT',
  baseline: 'BASELINE',
  window: 'WINDOW',
  facts: 'FACTS',
  done: 'DONE',
  /** Written by the probe after its first tick: the disruption waits for it, so there is a "before". */
  probeReady: 'PROBE_READY',
  rollback: 'ROLLBACK',
  probePrefix: 'PROBE#',
  ledgerPrefix: 'LEDGER#',
  eventPrefix: 'EVENT#',
} as const;

/** The drill lock: one item per ledger, in its own partition. */
export const lockKey = (ledgerName: string) => ({ runId: `LOCK#${ledgerName}`, item: 'LOCK' });

/** Sort keys that order by time and stay unique: the time, then a per-writer sequence number. */
export const timedItem = (prefix: string, at: string, unique: string | number) => `${prefix}${at}#${unique}`;

export interface RunItems {
  baseline?: Baseline;
  window?: DisruptionWindow;
  facts: Partial<Record<DrillFact, boolean>>;
  probes: ProbeOperation[];
  ledger: LedgerObservation[];
  events: ObservedEvent[];
  rollback?: RollbackRecord;
  stopped: boolean;
}

type Item = Record<string, unknown>;

/** Sorts a run's items (a Query's pages) into what they record. */
export function runItems(items: readonly Item[]): RunItems {
  const out: RunItems = { facts: {}, probes: [], ledger: [], events: [], stopped: false };
  for (const item of items) {
    const key = String(item.item);
    if (key === ITEMS.baseline) out.baseline = JSON.parse(String(item.baseline)) as Baseline;
    else if (key === ITEMS.window) out.window = { disruptedAt: String(item.disruptedAt), ...(item.restoredAt ? { restoredAt: String(item.restoredAt) } : {}) };
    else if (key === ITEMS.facts) out.facts = JSON.parse(String(item.facts ?? '{}'));
    else if (key === ITEMS.rollback && item.endedAt) out.rollback = { startedAt: String(item.startedAt), endedAt: String(item.endedAt), restored: item.restored === true, ...(Array.isArray(item.leftChanged) && item.leftChanged.length ? { leftChanged: item.leftChanged.map(String) } : {}) };
    else if (key === ITEMS.done) out.stopped = item.stopped === true;
    else if (key.startsWith(ITEMS.probePrefix)) out.probes.push(JSON.parse(String(item.op)) as ProbeOperation);
    else if (key.startsWith(ITEMS.ledgerPrefix)) out.ledger.push(JSON.parse(String(item.observation)) as LedgerObservation);
    else if (key.startsWith(ITEMS.eventPrefix)) out.events.push(JSON.parse(String(item.event)) as ObservedEvent);
  }
  const byTime = (a: { at: string }, b: { at: string }) => Date.parse(a.at) - Date.parse(b.at);
  out.probes.sort(byTime);
  out.ledger.sort(byTime);
  out.events.sort(byTime);
  return out;
}

/**
 * The drill's record. Only what happened before the rollback began counts: the rollback's own calls (pointing an
 * alias back raises "Ledger Key At Risk" too) are not the scenario's.
 */
export function drillRecord(
  items: RunItems,
  run: { scenario: string; executionArn: string; dryRun: boolean; startedAt: string; endedAt: string; targetKeyArn?: string; error?: { name: string; message: string }; stopped?: boolean },
): DrillRecord {
  const cutoff = items.rollback ? Date.parse(items.rollback.startedAt) : Infinity;
  const before = <T extends { at: string }>(xs: T[]) => xs.filter((x) => Date.parse(x.at) < cutoff);
  return {
    scenario: run.scenario,
    executionArn: run.executionArn,
    dryRun: run.dryRun,
    startedAt: run.startedAt,
    endedAt: run.endedAt,
    baselineKeyArn: items.baseline?.ledgerKeyArn ?? '',
    ...(run.targetKeyArn ? { targetKeyArn: run.targetKeyArn } : {}),
    ...(items.window ? { window: items.window } : {}),
    probes: before(items.probes),
    ledger: before(items.ledger),
    events: before(items.events),
    facts: items.facts,
    ...(items.rollback ? { rollback: items.rollback } : {}),
    ...(run.stopped || items.stopped ? { stopped: true } : {}),
    ...(run.error ? { error: run.error } : {}),
  };
}

/** The PROGRESS item's probe figures (the contract's shape). */
export function progressFigures(probes: readonly ProbeOperation[]) {
  const f = windowFigures(probes.filter((p) => p.role === 'application'));
  return { operations: f.operations, failures: f.failures, availabilityPercent: f.availabilityPercent ?? 100, p50: f.latencyMs?.p50 ?? 0, p99: f.latencyMs?.p99 ?? 0 };
}
