import { spawn, type ChildProcess } from 'node:child_process';

/**
 * Runs the command under a shell that kills it once its stdin reaches end-of-file. The runtime holds
 * that stdin open, and the kernel closes it however the runtime's process ends (exit, crash, SIGKILL),
 * so the child never outlives it. Node cannot ask for a parent-death signal; this is the portable way.
 * The asynchronous list reads fd 3, because POSIX shells give background jobs /dev/null as stdin.
 * A command still there 5 s (`KILL_AFTER_TENTHS`) after that SIGTERM gets SIGKILL (a JVM's shutdown can hang).
 * The command's files are its owner's only (umask 077): DynamoDB Local's database sits with key material.
 * Its pid goes to the pid file when one is named, for a later runtime to find it if all else failed.
 */
const KILL_AFTER_TENTHS = 50;
const WATCHDOG = [
  'pidfile=$1; shift; umask 077; exec 3<&0',
  '"$@" </dev/null & child=$!',
  '[ -z "$pidfile" ] || echo "$child" > "$pidfile"',
  '{ cat <&3 >/dev/null; kill "$child" 2>/dev/null; n=0',
  `  while kill -0 "$child" 2>/dev/null && [ $n -lt ${KILL_AFTER_TENTHS} ]; do sleep 0.1; n=$((n + 1)); done`,
  '  kill -9 "$child" 2>/dev/null; } &',
  'wait "$child"',
].join('\n');

export interface GuardedProcess {
  child: ChildProcess;
  /** The last lines the process wrote, for error messages. */
  output(): string;
  /** Asks the process to end (SIGTERM via the watchdog) and waits; kills the whole group after `graceMs`. */
  stop(graceMs: number): Promise<void>;
}

const OUTPUT_LINES = 40;

export function spawnGuarded(command: string, args: string[], cwd: string, pidFile?: string): GuardedProcess {
  // Its own process group, so a stop that times out can kill the shell, the watchdog and the command at once.
  const child = spawn('/bin/sh', ['-c', WATCHDOG, 'keydrill-guard', pidFile ?? '', command, ...args], { cwd, detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const collect = (chunk: Buffer) => {
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    lines.splice(0, Math.max(0, lines.length - OUTPUT_LINES));
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  child.stdin!.on('error', () => undefined);
  // Ending stdin also releases the watchdog when the command ended by itself.
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve(void child.stdin!.end())));
  return {
    child,
    output: () => lines.join('\n'),
    async stop(graceMs) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.stdin!.end();
      const timer = setTimeout(() => killGroup(child), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

function killGroup(child: ChildProcess): void {
  try {
    process.kill(-child.pid!, 'SIGKILL');
  } catch {
    // The group is already gone.
  }
}
