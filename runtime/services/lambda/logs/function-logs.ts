import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PRIVATE_DIRECTORY, PRIVATE_FILE } from '../../../core/private-files';

export interface LogEvent {
  /** Epoch milliseconds. */
  timestamp: number;
  message: string;
}

/** Events kept in memory per function; older ones remain in the log file only. */
const MAX_EVENTS_PER_FUNCTION = 10_000;

/**
 * Each function's log, as CloudWatch Logs would show its log group: in memory for the control endpoint,
 * and appended to `<dataDir>/logs/<function>.log` when the runtime has a data directory.
 */
export class FunctionLogs {
  private readonly events = new Map<string, LogEvent[]>();

  constructor(private readonly dir: string | undefined) {}

  append(functionName: string, events: LogEvent[]): void {
    if (events.length === 0) return;
    const list = this.events.get(functionName) ?? [];
    list.push(...events);
    if (list.length > MAX_EVENTS_PER_FUNCTION) list.splice(0, list.length - MAX_EVENTS_PER_FUNCTION);
    this.events.set(functionName, list);
    if (this.dir) {
      mkdirSync(this.dir, { recursive: true, mode: PRIVATE_DIRECTORY });
      appendFileSync(join(this.dir, `${functionName}.log`), events.map((e) => `${new Date(e.timestamp).toISOString()} ${e.message}\n`).join(''), { mode: PRIVATE_FILE });
    }
  }

  /** Events at or after `sinceMs`, oldest first. */
  list(functionName: string, sinceMs = 0): LogEvent[] {
    return (this.events.get(functionName) ?? []).filter((e) => e.timestamp >= sinceMs);
  }

  clear(): void {
    this.events.clear();
  }
}

/** Splits written text into log events, one per line; a partial last line waits for the rest. */
export class LineSplitter {
  private partial = '';

  push(text: string, timestamp: number): LogEvent[] {
    const lines = (this.partial + text).split('\n');
    this.partial = lines.pop()!;
    return lines.map((message) => ({ timestamp, message }));
  }

  flush(timestamp: number): LogEvent[] {
    const rest = this.partial;
    this.partial = '';
    return rest ? [{ timestamp, message: rest }] : [];
  }
}
