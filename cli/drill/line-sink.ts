import { alertLine, type AlertView } from '../alerts-history';
import type { WatchSink } from './execution-watch';
import type { RunProgress } from './results-table';
import { countsText, probesText } from './progress-text';

/** A watch printed as plain lines on a stream (stderr: stdout stays for the result). */
export class LineSink implements WatchSink {
  private readonly lastLine = new Map<string, string>();

  constructor(private readonly out: NodeJS.WritableStream = process.stderr) {}

  step(run: string, line: string): void {
    this.out.write(`[${run}] ${line}\n`);
  }

  progress(run: string, progress: RunProgress): void {
    for (const [kind, text] of [
      ['probes', progress.probes && `probes: ${probesText(progress.probes)}`],
      ['counts', countsText(progress)],
    ] as const) {
      if (!text || this.lastLine.get(`${run}\n${kind}`) === text) continue;
      this.lastLine.set(`${run}\n${kind}`, text);
      this.out.write(`[${run}] ${text}\n`);
    }
  }

  alert(alert: AlertView): void {
    this.out.write(`alert: ${alertLine(alert)}\n`);
  }
}
