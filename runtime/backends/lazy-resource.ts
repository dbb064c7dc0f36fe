/**
 * A resource opened on first use and shared by concurrent first users. A failed open is forgotten, so
 * the next use tries again (e.g. after Java was installed); `dispose` waits for an open in progress.
 */
export class LazyResource<T> {
  private pending?: Promise<T>;

  constructor(
    private readonly open: () => Promise<T>,
    private readonly close: (value: T) => Promise<void>,
  ) {}

  get(): Promise<T> {
    this.pending ??= this.open().catch((e) => {
      this.pending = undefined;
      throw e;
    });
    return this.pending;
  }

  get opened(): boolean {
    return this.pending !== undefined;
  }

  async dispose(): Promise<void> {
    const pending = this.pending;
    this.pending = undefined;
    if (!pending) return;
    let value: T;
    try {
      value = await pending;
    } catch {
      return;
    }
    await this.close(value);
  }
}
