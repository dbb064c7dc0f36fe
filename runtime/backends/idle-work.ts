/**
 * Work a backend owes once it has been idle for a while after requests that made it due (DynamoDB Local's
 * file rewritten after writes). Wall time, not the runtime clock: the wait is about the backend's clients,
 * not about AWS time. A failed run makes the work due again.
 */
export class IdleWork {
  private active = 0;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;

  constructor(
    private readonly idleMs: number,
    private readonly work: () => Promise<void>,
    /** Whether the work is due from the start (state left by an earlier run). */
    private due: boolean,
  ) {}

  started(): void {
    this.active++;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** `makesDue`: the request was of the kind the work is owed for. */
  ended(makesDue: boolean): void {
    this.active--;
    if (makesDue) this.due = true;
    this.arm();
  }

  get isDue(): boolean {
    return this.due;
  }

  /** Marks the work done elsewhere (e.g. at stop). */
  done(): void {
    this.due = false;
  }

  /** No more runs; resolves once a run under way has ended. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private arm(): void {
    if (this.stopped || !this.due || this.active > 0 || this.running || this.timer) return;
    this.timer = setTimeout(() => this.run(), this.idleMs);
    this.timer.unref();
  }

  private run(): void {
    this.timer = undefined;
    this.due = false;
    this.running = this.work()
      .catch((e: Error) => {
        this.due = true;
        process.stderr.write(`keydrill: ${e.message}\n`);
      })
      .finally(() => {
        this.running = undefined;
        this.arm();
      });
  }
}
