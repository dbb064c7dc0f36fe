import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { ChildMessage, ErrorPayload, InvokeMessage } from './protocol';

export type Outcome =
  | { kind: 'result'; payload: string; maxMemoryMb: number }
  | { kind: 'error'; error: ErrorPayload; maxMemoryMb?: number }
  /** The process ended during the invocation (process.exit, a signal, a crash). */
  | { kind: 'exit'; code: number | null; signal: NodeJS.Signals | null }
  | { kind: 'timeout' };

export type InitOutcome = { ok: true; initMs: number } | { ok: false; error: ErrorPayload };

const RUNTIME_INTERFACE = join(__dirname, 'runtime-interface.ts');

/**
 * The heap limits the bootstrap of AWS's Node.js base images (public.ecr.aws/lambda/nodejs) gives a function of
 * `memoryMb`: a tenth for the young generation (half of it per semi-space), the rest for the old one. Without
 * them V8 sizes its heap for the whole machine, so a worker may grow past its function's MemorySize.
 */
function heapLimits(memoryMb: number): string[] {
  if (!Number.isInteger(memoryMb) || memoryMb <= 0) return [];
  const young = Math.floor(memoryMb / 10);
  return [`--max-semi-space-size=${Math.max(1, Math.floor(young / 2))}`, `--max-old-space-size=${memoryMb - young}`];
}

/**
 * Every live environment of this process. A child also exits when its IPC channel closes, but one stuck in
 * synchronous code never sees that, so the runtime's own exit kills them all.
 */
const live = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

/**
 * One execution environment: a `node` child process (TypeScript through tsx's require hook) that loads the
 * handler once and serves one invocation at a time, reused while warm.
 */
export class ExecutionEnvironment {
  readonly initialized: Promise<InitOutcome>;
  private readonly child: ChildProcess;
  private exited = false;
  private pending?: { requestId: string; settle: (o: Outcome) => void; onLog: (text: string) => void; timer: NodeJS.Timeout };
  /** Set once the first invocation was served: its REPORT line carries the init duration. */
  coldStartReported = false;

  constructor(
    env: Record<string, string>,
    /** What the environment was made for; a changed function or expiring credentials retire it. */
    readonly revisionId: string,
    readonly credentialsExpireAt: number,
    onStrayLog: (text: string) => void,
  ) {
    this.child = fork(RUNTIME_INTERFACE, [], {
      env,
      execArgv: ['--require', require.resolve('tsx/cjs'), ...heapLimits(Number(env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE))],
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'advanced',
    });
    // Writes that bypass process.stdout (native code, a child of the child) still reach the function's log.
    const relay = (chunk: Buffer) => (this.pending ? this.pending.onLog(chunk.toString('utf8')) : onStrayLog(chunk.toString('utf8')));
    this.child.stdout?.on('data', relay);
    this.child.stderr?.on('data', relay);
    this.initialized = new Promise<InitOutcome>((resolve) => {
      const onMessage = (m: ChildMessage) => {
        if (m.type === 'ready') resolve({ ok: true, initMs: m.initMs });
        else if (m.type === 'init-error') resolve({ ok: false, error: m.error });
        else return;
        this.child.off('message', onMessage);
      };
      this.child.on('message', onMessage);
      this.child.once('exit', (code, signal) =>
        resolve({ ok: false, error: { errorType: 'Runtime.ExitError', errorMessage: `Runtime exited with error: ${code === null ? `signal: ${signal}` : `exit status ${code}`}` } }),
      );
    });
    live.add(this.child);
    this.child.on('message', (m: ChildMessage) => this.onMessage(m));
    this.child.on('error', () => this.onExit(null, null));
    this.child.on('exit', (code, signal) => this.onExit(code, signal));
  }

  get alive(): boolean {
    return !this.exited;
  }

  get busy(): boolean {
    return this.pending !== undefined;
  }

  /** Runs one invocation; a timeout kills the environment. */
  invoke(message: Omit<InvokeMessage, 'type'>, timeoutMs: number, onLog: (text: string) => void): Promise<Outcome> {
    if (this.exited) return Promise.resolve({ kind: 'exit', code: this.child.exitCode, signal: this.child.signalCode });
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.finish({ kind: 'timeout' });
        this.kill();
      }, timeoutMs);
      this.pending = { requestId: message.requestId, settle: resolve, onLog, timer };
      this.child.send({ type: 'invoke', ...message } satisfies InvokeMessage);
    });
  }

  kill(): void {
    if (!this.exited) this.child.kill('SIGKILL');
  }

  private onMessage(m: ChildMessage): void {
    if (m.type === 'log') this.pending?.onLog(m.text);
    else if (m.type === 'result' && m.requestId === this.pending?.requestId) this.finish({ kind: 'result', payload: m.payload, maxMemoryMb: m.maxMemoryMb });
    else if (m.type === 'error' && m.requestId === this.pending?.requestId) this.finish({ kind: 'error', error: m.error, maxMemoryMb: m.maxMemoryMb });
  }

  private onExit(code: number | null, signal: NodeJS.Signals | null): void {
    this.exited = true;
    live.delete(this.child);
    this.finish({ kind: 'exit', code, signal });
  }

  private finish(outcome: Outcome): void {
    const pending = this.pending;
    if (!pending) return;
    this.pending = undefined;
    clearTimeout(pending.timer);
    pending.settle(outcome);
  }
}
