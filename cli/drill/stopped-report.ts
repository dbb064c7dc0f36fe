import { setTimeout as sleep } from 'node:timers/promises';
import type { DrillReport } from '../drill-report';
import { asDrillReport } from './drill-outcome';
import type { ResultsTable } from './results-table';

/** How long `keydrill drill` waits, unless told, for the STOPPED report of what it stopped. */
export const DEFAULT_STOP_WAIT_SECONDS = 60;

/** How often the results table is read again, and how often the wait says it is still waiting (wall time). */
const POLL_MS = 500;
const SAY_EVERY_MS = 10_000;

export interface StopWait {
  /** The execution that was stopped: its REPORT item is what the engine's stop rule writes. */
  executionArn: string;
  timeoutMs: number;
  /** Aborts the wait (a second Ctrl-C). */
  signal: AbortSignal;
  /** Where the progress lines go. */
  say(line: string): void;
}

/**
 * Waits for the STOPPED report the drill engine's stop rule publishes for a stopped execution: a stopped drill
 * rolls back first, a stopped suite waits for its running drill's own report, and only then is the REPORT item
 * of the execution written to the results table (docs/drills.md, docs/drill-suite.md#a-stopped-suite). Resolves
 * undefined when none is there by the deadline or the signal aborts first.
 */
export async function awaitStoppedReport(results: ResultsTable, wait: StopWait): Promise<DrillReport | undefined> {
  const started = Date.now();
  const deadline = started + wait.timeoutMs;
  let said = started;
  wait.say(`waiting up to ${Math.round(wait.timeoutMs / 1000)} s for the STOPPED report the drill engine publishes once it has rolled back (Ctrl-C again to give up)`);
  for (;;) {
    const report = asDrillReport(await results.report(wait.executionArn));
    if (report) return report;
    const now = Date.now();
    if (now >= deadline || wait.signal.aborted) return undefined;
    if (now - said >= SAY_EVERY_MS) {
      said = now;
      wait.say(`still waiting for the STOPPED report (${Math.round((now - started) / 1000)} s)`);
    }
    try {
      await sleep(Math.min(POLL_MS, deadline - now), undefined, { signal: wait.signal });
    } catch {
      return undefined;
    }
  }
}
