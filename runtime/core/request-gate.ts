/**
 * Requests that may run side by side, and work that must run alone between them (a backend's reset: DynamoDB
 * Local answers 500 to a Scan whose table a reset deletes under it). `exclusive` closes the gate to new
 * requests, waits for those in flight, runs, and opens the gate again; requests that arrived meanwhile then run.
 */
export class RequestGate {
  private inFlight = 0;
  private closed?: Promise<void>;
  private drained?: () => void;

  async around<T>(request: () => Promise<T>): Promise<T> {
    while (this.closed) await this.closed;
    this.inFlight++;
    try {
      return await request();
    } finally {
      this.inFlight--;
      if (this.inFlight === 0) this.drained?.();
    }
  }

  async exclusive(work: () => Promise<void>): Promise<void> {
    while (this.closed) await this.closed;
    let open!: () => void;
    this.closed = new Promise((resolve) => (open = resolve));
    try {
      if (this.inFlight > 0) await new Promise<void>((resolve) => (this.drained = resolve));
      this.drained = undefined;
      await work();
    } finally {
      this.closed = undefined;
      open();
    }
  }
}
