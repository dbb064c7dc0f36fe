/**
 * A task that never runs twice at once. A request made while it runs is served by one more run after the
 * current one (it may have been made after the current run already passed what it needed), and every
 * request made during the same run shares that next run: N parallel requests cost at most two runs.
 */
export class SerialTask {
  private running?: Promise<void>;
  private next?: Promise<void>;

  constructor(private readonly task: () => Promise<void>) {}

  run(): Promise<void> {
    if (!this.running) return this.start();
    this.next ??= this.running.then(
      () => this.startQueued(),
      () => this.startQueued(),
    );
    return this.next;
  }

  /** Resolves once no run is under way or queued (whatever their outcome). */
  async idle(): Promise<void> {
    for (let pending = this.next ?? this.running; pending; pending = this.next ?? this.running) await pending.catch(() => undefined);
  }

  private startQueued(): Promise<void> {
    this.next = undefined;
    return this.start();
  }

  private start(): Promise<void> {
    const run = this.task().finally(() => {
      if (this.running === run) this.running = undefined;
    });
    this.running = run;
    return run;
  }
}
