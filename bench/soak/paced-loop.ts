import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Runs `step` over and over, `intervalMs` apart, from start until halt, for a soak check's work. Calls in
 * flight when the runtime is killed settle (with an error, mostly) before `settled` resolves; a step's own
 * failure is counted, never thrown: a kill is expected to cut calls.
 */
export class PacedLoop {
  private running = false;
  private loop: Promise<void> = Promise.resolve();
  failures = 0;

  constructor(
    private readonly intervalMs: number,
    private readonly step: () => Promise<void>,
  ) {}

  start(): void {
    this.running = true;
    this.loop = (async () => {
      while (this.running) {
        await this.step().catch(() => this.failures++);
        await sleep(this.intervalMs);
      }
    })();
  }

  halt(): void {
    this.running = false;
  }

  async settled(): Promise<void> {
    this.halt();
    await this.loop;
  }
}
