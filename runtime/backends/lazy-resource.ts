/**
 * A resource opened on first use and shared by concurrent first users. A failed open is forgotten, so
 * the next use tries again (e.g. after Java was installed). `dispose` waits for an open in progress, and
 * a use that comes while a dispose is under way opens a new resource only once the old one is closed
 * (and its `afterClose` step, such as wiping its files, is done): two never share one database directory.
 */
export class LazyResource<T> {
  private pending?: Promise<T>;
  private closing: Promise<void> = Promise.resolve();

  constructor(
    private readonly open: () => Promise<T>,
    private readonly close: (value: T) => Promise<void>,
  ) {}

  get(): Promise<T> {
    this.pending ??= this.closing.then(() => this.open()).catch((e) => {
      this.pending = undefined;
      throw e;
    });
    return this.pending;
  }

  get opened(): boolean {
    return this.pending !== undefined;
  }

  dispose(afterClose?: () => void | Promise<void>): Promise<void> {
    const pending = this.pending;
    this.pending = undefined;
    const done = this.closing.then(async () => {
      const value = await pending?.then(
        (v) => ({ v }),
        () => undefined,
      );
      if (value) await this.close(value.v);
      await afterClose?.();
    });
    this.closing = done.catch(() => undefined);
    return done;
  }
}
