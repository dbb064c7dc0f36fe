import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { DEFAULT_PORT, type Runtime, startRuntime, synthesizeStack } from '../../runtime';
import { removeControlToken, writeControlToken } from '../control-token';
import { DEFAULT_DATA_DIR, dataDirOf, parseOrigin, parsePort, parseTimeScale } from '../options';

const collectOrigin = (value: string, previous: string[]) => [...previous, parseOrigin(value)];

/**
 * `keydrill up`: synthesize (or reuse) the stack, start the runtime, deploy, and print one JSON line
 * `{"event":"ready",…}` on stdout. Progress goes to stderr so stdout stays machine-readable.
 */
const LAUNCHER_POLL_MS = 250;

/**
 * npm and npx run a command through a shell (`sh -c`, or bash with the repository's .npmrc) and pass a SIGTERM
 * or SIGINT to that shell only. bash hands its process over to the command (exec), so the runtime gets the
 * signal itself; dash, Debian's `sh`, forks and waits: it dies of a SIGTERM without passing it on, leaving the
 * runtime running under init, and holds a SIGINT until its child ends, which it never does (README, Durability).
 * And npm killed outright (SIGKILL) leaves its child reparented to init. Run by them (they set
 * `npm_lifecycle_event`), the runtime therefore stops when its parent is gone and, when that parent is a shell,
 * when npm, the shell's parent, is. Run directly, it does not follow its parent (`keydrill up &` outlives the
 * shell that started it, as a user running it that way expects).
 */
export function whenLauncherEnds(stop: () => void): void {
  if (!process.env.npm_lifecycle_event) return;
  const launcher = process.ppid;
  const npm = isShell(launcher) ? parentOf(launcher) : undefined;
  const timer = setInterval(() => {
    if (process.ppid === launcher && (npm === undefined || parentOf(launcher) === npm)) return;
    clearInterval(timer);
    stop();
  }, LAUNCHER_POLL_MS);
  timer.unref();
}

/** Whether the process is a shell running a command string (`sh -c …`), from /proc/<pid>/cmdline. */
function isShell(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[1] === '-c';
  } catch {
    return false;
  }
}

/** A process's parent, from /proc/<pid>/stat (`pid (comm) state ppid …`); undefined without /proc, or once it is gone. */
function parentOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}

export interface StackRuntimeOptions {
  port: number;
  dataDir: string;
  allowedOrigins?: string[];
  sfnTimeScale?: number;
}

/** Synthesizes (or reuses) the stack, starts the runtime with it deployed, and keeps the control token in the data directory. */
export async function startStackRuntime(opts: StackRuntimeOptions): Promise<Runtime> {
  process.stderr.write('keydrill: synthesizing the stack…\n');
  const stack = synthesizeStack();
  process.stderr.write(`keydrill: ${stack.cached ? 'reused the cached' : 'synthesized the'} template; starting the runtime…\n`);
  const runtime = await startRuntime({ port: opts.port, dataDir: opts.dataDir, stack: { name: stack.stackName, template: stack.template }, allowedOrigins: opts.allowedOrigins, sfnTimeScale: opts.sfnTimeScale });
  writeControlToken(opts.dataDir, runtime.controlToken);
  return runtime;
}

export function registerUp(program: Command): void {
  program
    .command('up')
    .description('run the embedded runtime in the foreground with the keydrill stack deployed')
    .option('-p, --port <port>', 'port to listen on (0 = any free port)', parsePort, DEFAULT_PORT)
    .option('-d, --data-dir <dir>', 'where state is kept', DEFAULT_DATA_DIR)
    .option('--sfn-time-scale <factor>', 'how much of Step Functions Wait and retry lengths is really waited (1 = real time, 0.001 = an hour in 3.6 s)', parseTimeScale)
    .option('--allow-origin <origin>', 'a web origin (http://localhost:3000) whose pages may call the runtime; repeatable', collectOrigin, [])
    .action(async (opts: { port: number; dataDir: string; allowOrigin: string[]; sfnTimeScale?: number }) => {
      const started = Date.now();
      const dataDir = dataDirOf(opts.dataDir);
      // Listening before the ready line is printed: a SIGTERM sent as soon as it is read must find the handler
      // (without one, Node ends at once, skipping the stop). A signal during start-up stops once started.
      let runtime: Runtime | undefined;
      let stopping: string | undefined;
      const stop = async () => {
        process.stderr.write(`keydrill: ${stopping}, stopping…\n`);
        removeControlToken(dataDir);
        await runtime!.stop();
        process.stdout.write(`${JSON.stringify({ event: 'stopped' })}\n`);
        process.exit(0);
      };
      const onSignal = (reason: string) => {
        if (stopping) return;
        stopping = reason;
        if (runtime) void stop();
      };
      process.on('SIGINT', () => onSignal('SIGINT received'));
      process.on('SIGTERM', () => onSignal('SIGTERM received'));
      whenLauncherEnds(() => onSignal('npm/npx ended'));
      runtime = await startStackRuntime({ port: opts.port, dataDir, allowedOrigins: opts.allowOrigin, sfnTimeScale: opts.sfnTimeScale });
      process.stdout.write(
        `${JSON.stringify({ event: 'ready', endpoint: runtime.endpoint, env: runtime.env, controlToken: runtime.controlToken, outputs: runtime.outputs, dataDir, startupMs: Date.now() - started })}\n`,
      );
      if (stopping) await stop();
    });
}
