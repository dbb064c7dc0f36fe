import { DescribeExecutionCommand, ExecutionStatus, ListExecutionsCommand, type DescribeExecutionCommandOutput, type SFNClient } from '@aws-sdk/client-sfn';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AlertsHistory, AlertView } from '../alerts-history';
import { historyAfter, ProgressLines, TERMINAL_STATUS } from '../executions-client';
import type { ResultsTable, RunProgress } from './results-table';

/** Where a watch reports what it sees; `run` names the execution (its scenario when its input names one). */
export interface WatchSink {
  step(run: string, line: string): void;
  progress(run: string, progress: RunProgress): void;
  alert(alert: AlertView): void;
}

export interface WatchSources {
  sfn: SFNClient;
  /** The state machine whose executions the watched one starts as children (DrillSuite → KeyRotationDrill). */
  childMachineArn?: string;
  results?: ResultsTable;
  alerts?: { history: AlertsHistory; ledgerName: string };
}

/** How often the watch reads again (wall time: pacing of the display, not AWS-visible time). */
const POLL_MS = 400;

interface Watched {
  arn: string;
  label: string;
  lastEventId: number;
  lines: ProgressLines;
  ended: boolean;
  lastProgress?: string;
  lastStep?: string;
}

/** The label of a child execution: the scenario its input names, else its name. */
function labelOf(executionArn: string, input: string | undefined): string {
  try {
    const scenario = (JSON.parse(input ?? '{}') as { scenario?: unknown }).scenario;
    if (typeof scenario === 'string') return scenario;
  } catch {
    // An input that is not JSON names no scenario.
  }
  return executionArn.split(':').pop()!;
}

/**
 * Follows one execution until it ends: the states it (and the children it starts) enters, failures and
 * retries from the execution history; the PROGRESS item of each run in the results table; and the alerts the
 * ledger raises meanwhile, from the alerts table. Child executions are the child machine's RUNNING executions
 * started since the watched one started: drills never overlap on a ledger (the engine's lock).
 */
export class ExecutionWatch {
  private readonly runs = new Map<string, Watched>();
  private readonly seenAlerts = new Set<string>();

  constructor(
    private readonly sources: WatchSources,
    private readonly sink: WatchSink,
  ) {}

  /** The executions seen running and not yet seen ending: what an interrupt stops. */
  running(): string[] {
    return [...this.runs.values()].filter((r) => !r.ended).map((r) => r.arn);
  }

  /** Resolves with the execution's final description; rejects with the signal's reason when it aborts first. */
  async follow(executionArn: string, label: string, signal: AbortSignal): Promise<DescribeExecutionCommandOutput> {
    const { sfn } = this.sources;
    const top = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    this.track(executionArn, label);
    const since = top.startDate ?? new Date();
    for (;;) {
      signal.throwIfAborted();
      const description = await sfn.send(new DescribeExecutionCommand({ executionArn }));
      await this.discoverChildren(since);
      for (const run of this.runs.values()) await this.readRun(run);
      await this.readAlerts(since);
      if (description.status !== ExecutionStatus.RUNNING) {
        this.runs.get(executionArn)!.ended = true;
        return description;
      }
      await sleep(POLL_MS, undefined, { signal });
    }
  }

  private track(arn: string, label: string): void {
    if (!this.runs.has(arn)) this.runs.set(arn, { arn, label, lastEventId: 0, lines: new ProgressLines(), ended: false });
  }

  private async discoverChildren(since: Date): Promise<void> {
    const { sfn, childMachineArn } = this.sources;
    if (!childMachineArn) return;
    const { executions } = await sfn.send(new ListExecutionsCommand({ stateMachineArn: childMachineArn, statusFilter: ExecutionStatus.RUNNING }));
    for (const e of executions ?? []) {
      if (this.runs.has(e.executionArn!) || (e.startDate && e.startDate < since)) continue;
      const child = await sfn.send(new DescribeExecutionCommand({ executionArn: e.executionArn! }));
      this.track(e.executionArn!, labelOf(e.executionArn!, child.input));
    }
  }

  private async readRun(run: Watched): Promise<void> {
    if (run.ended && run.lastProgress !== undefined) return;
    for (const event of await historyAfter(this.sources.sfn, run.arn, run.lastEventId)) {
      run.lastEventId = event.id ?? run.lastEventId;
      const line = run.lines.line(event);
      // Exits are implied by the next entry: a line per step is what a reader follows.
      if (line && !line.startsWith('←')) this.sink.step(run.label, line);
      if (TERMINAL_STATUS[event.type ?? '']) run.ended = true;
    }
    const progress = await this.sources.results?.progress(run.arn);
    const text = progress === undefined ? '' : JSON.stringify({ ...progress, updatedAt: undefined });
    if (text === (run.lastProgress ?? '')) return;
    run.lastProgress = text;
    if (!progress) return;
    if (progress.step && progress.step !== run.lastStep) this.sink.step(run.label, `· ${progress.step}`);
    run.lastStep = progress.step;
    this.sink.progress(run.label, progress);
  }

  private async readAlerts(since: Date): Promise<void> {
    const { alerts } = this.sources;
    if (!alerts) return;
    for (const alert of await alerts.history.since(alerts.ledgerName, since)) {
      if (this.seenAlerts.has(alert.alertId)) continue;
      this.seenAlerts.add(alert.alertId);
      this.sink.alert(alert);
    }
  }
}
