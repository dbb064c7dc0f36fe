import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';

const POLL_MS = 50;

/** The command line of process `pid`, or undefined when there is none (`ps` is on Linux and macOS alike). */
function commandLine(pid: number): string | undefined {
  try {
    return execFileSync('ps', ['-o', 'args=', '-p', String(pid)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() || undefined;
  } catch {
    return undefined;
  }
}

/**
 * Ends the process a previous runtime recorded in `pidFile`, if it still runs and its command line holds every
 * one of `signs` (so a pid reused by something else is left alone): SIGTERM, then SIGKILL after `graceMs`.
 * A runtime killed together with its guard leaves its DynamoDB Local JVM running on the same database files.
 * Resolves with the pid it ended, if any.
 */
export async function endLeftoverProcess(pidFile: string, signs: readonly string[], graceMs: number): Promise<number | undefined> {
  if (!existsSync(pidFile)) return undefined;
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  rmSync(pidFile, { force: true });
  const running = () => {
    const args = commandLine(pid);
    return args !== undefined && signs.every((s) => args.includes(s));
  };
  if (!Number.isInteger(pid) || pid <= 0 || !running()) return undefined;
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (running()) {
    if (Date.now() > deadline) process.kill(pid, 'SIGKILL');
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
  return pid;
}
