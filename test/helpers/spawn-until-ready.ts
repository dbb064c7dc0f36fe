import { type ChildProcess, spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { createInterface } from 'node:readline';
import { atEndOfFile } from './end-of-file';

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface SpawnUntilReadyOptions {
  /** Names the process in error messages. */
  name: string;
  /** Whether a stdout line says the process is ready. */
  ready: (line: string) => boolean;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Pass stderr through (the benches) instead of keeping it for error messages. */
  inheritStderr?: boolean;
}

/** Stack traces through tsx quote its minified source: keep error messages to what a reader needs. */
const readable = (text: string) =>
  text
    .split('\n')
    .map((l) => (l.length > 300 ? `${l.slice(0, 300)}…` : l))
    .join('\n');

/** A child process whose stdout is read line by line. */
class SpawnedProcess {
  readonly child: ChildProcess;
  /** Every line it printed on stdout so far. */
  readonly stdoutLines: string[] = [];
  /** What it printed on stderr so far (nothing when stderr is passed through). */
  stderr = '';
  readonly exited: Promise<Exit>;
  private readonly printed = new EventEmitter();

  constructor(
    command: string,
    args: string[],
    private readonly options: SpawnUntilReadyOptions,
  ) {
    this.child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', options.inheritStderr ? 'inherit' : 'pipe'] });
    this.child.stderr?.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    createInterface({ input: this.child.stdout! }).on('line', (line) => {
      this.stdoutLines.push(line);
      this.printed.emit('line', line);
    });
    this.exited = new Promise((resolve, reject) => {
      this.child.once('exit', (code, signal) => resolve({ code, signal }));
      this.child.once('error', reject);
    });
    atEndOfFile(() => this.kill());
  }

  /** The first stdout line `match` accepts, printed already or later; rejects if the process exits first. */
  line(match: (line: string) => boolean): Promise<string> {
    const printed = this.stdoutLines.find(match);
    if (printed !== undefined) return Promise.resolve(printed);
    return new Promise((resolve, reject) => {
      const onLine = (line: string) => {
        try {
          if (!match(line)) return;
          resolve(line);
        } catch (e) {
          reject(e);
        }
        this.printed.off('line', onLine);
      };
      this.printed.on('line', onLine);
      this.exited.then(
        ({ code, signal }) =>
          reject(new Error(`${this.options.name} exited (code ${code}, signal ${signal}) before printing the line awaited\nstdout:\n${this.stdoutLines.join('\n')}\nstderr:\n${readable(this.stderr)}`)),
        reject,
      );
    });
  }

  /** Sends `signal` unless it has exited already, and resolves with how it exited. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<Exit> {
    if (this.running) this.child.kill(signal);
    return this.exited;
  }

  /** SIGKILL, unless it has exited already. */
  kill(): void {
    if (this.running) this.child.kill('SIGKILL');
  }

  private get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }
}

export type ReadyProcess = SpawnedProcess & { readonly readyLine: string };

/**
 * Starts a process and resolves once it prints a line `options.ready` accepts. It is killed when that fails, and in
 * any case when the test file ends (outside jest: when this process exits), so none outlives its test.
 */
export async function spawnUntilReady(command: string, args: string[], options: SpawnUntilReadyOptions): Promise<ReadyProcess> {
  const started = new SpawnedProcess(command, args, options);
  try {
    return Object.assign(started, { readyLine: await started.line(options.ready) });
  } catch (e) {
    started.kill();
    throw e;
  }
}
