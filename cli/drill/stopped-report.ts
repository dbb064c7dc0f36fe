import { setTimeout as sleep } from 'node:timers/promises';
import type { DrillReport } from '../drill-report';
import { asDrillReport } from './drill-outcome';
import { interruptSignal, type Interrupt } from './interrupt';
import type { ResultsTable } from './results-table';
import type { Interrupted } from './run-execution';

/**
 * How long `keydrill drill <scenario>` waits, unless told, for the STOPPED report of the drill it stopped: the
 * drill's stop rule tries its rollback up to 3 times, each bounded by the drill's rollbackMs (a minute by default;
 * docs/drills.md), and publishes the report after the last, so a shorter wait can give up on a report still coming.
 */
export const DRILL_STOP_WAIT_SECONDS = 200;

/**
 * How long a stopped DrillSuite (`keydrill drill <several>|all`, `keydrill demo`) is waited for, unless told: the
 * suite's stop rule waits up to 4 minutes for its running drill's own STOPPED report (that drill's rollback) and
 * runs in a function whose timeout is 5 (docs/drill-suite.md#a-stopped-suite), so a shorter wait gives up on a
 * report the engine is still legitimately making.
 */
export const SUITE_STOP_WAIT_SECONDS = 300;

export const defaultStopWaitSeconds = (machine: 'drill' | 'suite') => (machine === 'suite' ? SUITE_STOP_WAIT_SECONDS : DRILL_STOP_WAIT_SECONDS);

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

/** Where an interrupted command's lines go ("keydrill: …" on stderr). */
export type Say = (line: string) => void;

/** One line per execution the interrupt stopped. */
export function sayStopped(e: Interrupted, interrupt: Interrupt, say: Say): void {
  for (const arn of e.stopped) say(`${interrupt.reason()}: stopped ${arn}`);
}

export interface InterruptedRun {
  /** The STOPPED report of the interrupted execution, when it arrived in time. */
  report?: DrillReport;
  /** Why there is none; the caller ends the sentence with what it wrote instead. */
  problem?: string;
}

/**
 * After an interrupt (what `keydrill drill` and `keydrill demo` both do): says what was stopped; then, when the
 * interrupted execution itself was stopped, waits (bounded; a second Ctrl-C gives up) for the STOPPED report the
 * engine's stop rule publishes once it has rolled back, so an interrupted run leaves the same reports as any other.
 */
export async function stoppedReportAfter(e: Interrupted, interrupt: Interrupt, results: ResultsTable | undefined, stopWaitSeconds: number, say: Say): Promise<InterruptedRun> {
  sayStopped(e, interrupt, say);
  if (!e.stopped.length) return { problem: 'nothing was running' };
  const rollsBack = 'the drill engine rolls back a stopped execution on its own (`keydrill executions --status ABORTED`, `keydrill history <ARN>`)';
  const timeoutMs = stopWaitSeconds * 1000;
  if (!results || !e.stopped.includes(e.executionArn) || timeoutMs <= 0) return { problem: rollsBack };
  const giveUp = interruptSignal();
  try {
    const report = await awaitStoppedReport(results, { executionArn: e.executionArn, timeoutMs, signal: giveUp.signal, say });
    if (report) return { report };
    return { problem: `${giveUp.reason() ? `${giveUp.reason()}: gave up waiting` : 'no STOPPED report arrived in time'}; ${rollsBack}; its report will be the REPORT item of ${e.executionArn} in the results table` };
  } finally {
    giveUp.dispose();
  }
}
