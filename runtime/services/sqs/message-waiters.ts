/**
 * Long-polling receivers waiting on a queue. A send wakes them at once; otherwise they sleep at most
 * `recheckMs` and look again, which also catches messages whose delay or visibility timeout ran out
 * (on the runtime clock, which may be advanced at any moment).
 */
export class MessageWaiters {
  private readonly waiting = new Map<string, Set<() => void>>();
  private closed = false;

  get isClosed(): boolean {
    return this.closed;
  }

  /** Resolves after `ms`, or earlier when `notify(queueName)` or `close()` is called. */
  wait(queueName: string, ms: number): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      const set = this.waiting.get(queueName) ?? new Set();
      this.waiting.set(queueName, set);
      const done = () => {
        clearTimeout(timer);
        set.delete(done);
        if (set.size === 0 && this.waiting.get(queueName) === set) this.waiting.delete(queueName);
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, ms));
      set.add(done);
    });
  }

  notify(queueName: string): void {
    for (const wake of [...(this.waiting.get(queueName) ?? [])]) wake();
  }

  notifyAll(): void {
    for (const name of [...this.waiting.keys()]) this.notify(name);
  }

  /** Ends every wait and refuses new ones: the runtime is stopping. */
  close(): void {
    this.closed = true;
    this.notifyAll();
  }
}
