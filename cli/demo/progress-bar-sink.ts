import { alertLine, type AlertView } from '../alerts-history';
import type { WatchSink } from '../drill/execution-watch';
import { probesText } from '../drill/progress-text';
import type { RunProgress } from '../drill/results-table';

const BAR_WIDTH = 30;

/** "ingest      [█████████░░░░░░░░░░░░░░░░░░░░░]  600 / 1500" */
export function progressBar(name: string, done: number, total: number): string {
  const filled = total > 0 ? Math.min(BAR_WIDTH, Math.round((done / total) * BAR_WIDTH)) : 0;
  return `${name.padEnd(11)} [${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}] ${String(done).padStart(String(total).length)} / ${total}`;
}

/**
 * The demo's display: a line per step, the probe's figures, a bar for each of the lifecycle's counters
 * (ingest, projection, proofs), and alerts as they arrive. On a terminal a bar is redrawn in place; in a log
 * (CI) each new value is a line of its own.
 */
export class ProgressBarSink implements WatchSink {
  private readonly lastText = new Map<string, string>();
  /** The bar the cursor is still on (terminal only): it alone can be redrawn in place. */
  private openBar?: string;

  constructor(private readonly out: NodeJS.WriteStream = process.stderr) {}

  step(run: string, line: string): void {
    this.print(`[${run}] ${line}`);
  }

  progress(run: string, p: RunProgress): void {
    if (p.probes) this.once(`${run} probes`, `[${run}] probes: ${probesText(p.probes)}`, false);
    const counters: [string, number | undefined, number | undefined][] = [
      ['ingest', p.ingest?.committed, p.ingest?.total],
      ['projection', p.projection?.projected, p.projection?.total],
      ['proofs', p.proofs?.verified, p.proofs?.total],
    ];
    for (const [name, done, total] of counters) if (total !== undefined) this.once(`${run} ${name}`, `[${run}] ${progressBar(name, done ?? 0, total)}`, true);
  }

  alert(alert: AlertView): void {
    this.print(`alert: ${alertLine(alert)}`);
  }

  private once(key: string, text: string, bar: boolean): void {
    if (this.lastText.get(key) === text) return;
    this.lastText.set(key, text);
    if (bar && this.openBar === key) {
      this.out.write(`\r\x1b[2K${text}`);
      return;
    }
    this.print(text, bar ? key : undefined);
  }

  private print(text: string, bar?: string): void {
    if (this.openBar) this.out.write('\n');
    this.openBar = bar && this.out.isTTY ? bar : undefined;
    this.out.write(this.openBar ? text : `${text}\n`);
  }
}
