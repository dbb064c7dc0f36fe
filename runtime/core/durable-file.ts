import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { PRIVATE_DIRECTORY, PRIVATE_FILE } from './private-files';

/** Thrown at start-up when a state file cannot be trusted; the runtime refuses to start rather than reset it. */
export class StateFileError extends Error {
  constructor(readonly file: string, reason: string) {
    super(`${file}: ${reason}. keydrill will not start on it and will not reset it: restore the file, or move it (or the whole data directory) away to start afresh.`);
    this.name = 'StateFileError';
  }
}

interface Envelope<T> {
  format: number;
  kind: string;
  data: T;
}

/**
 * One JSON document persisted atomically: write a temp file, fsync it, rename it over the old one,
 * fsync the directory. A crash leaves either the old or the new document, never a torn one.
 * `path === undefined` keeps the state in memory only (tests).
 */
export class DurableJsonFile<T> {
  constructor(
    readonly path: string | undefined,
    private readonly kind: string,
    private readonly format: number,
    /** Rewrites data stored in an older format (`format`) into the current one; without it, older files are refused. */
    private readonly upgrade?: (data: unknown, format: number) => T,
  ) {}

  /** The stored data, or `undefined` when there is no file yet. Throws StateFileError when it cannot be used. */
  load(): T | undefined {
    if (!this.path || !existsSync(this.path)) return undefined;
    let envelope: Envelope<T>;
    try {
      envelope = JSON.parse(readFileSync(this.path, 'utf8'));
    } catch (e) {
      throw new StateFileError(this.path, `the file is corrupt (${(e as Error).message})`);
    }
    if (typeof envelope !== 'object' || envelope === null || envelope.kind !== this.kind || typeof envelope.format !== 'number') {
      throw new StateFileError(this.path, `the file is not a keydrill ${this.kind} state file`);
    }
    if (envelope.format > this.format) {
      throw new StateFileError(this.path, `the file has format ${envelope.format}, written by a newer keydrill (this one reads up to ${this.format})`);
    }
    if (envelope.format < this.format) {
      if (this.upgrade) return this.upgrade(envelope.data, envelope.format);
      throw new StateFileError(this.path, `the file has format ${envelope.format}, which this keydrill (format ${this.format}) cannot migrate`);
    }
    return envelope.data;
  }

  save(data: T): void {
    if (!this.path) return;
    mkdirSync(dirname(this.path), { recursive: true, mode: PRIVATE_DIRECTORY });
    const tmp = `${this.path}.tmp`;
    const fd = openSync(tmp, 'w', PRIVATE_FILE);
    try {
      writeSync(fd, JSON.stringify({ format: this.format, kind: this.kind, data } satisfies Envelope<T>));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, this.path);
    syncDirectory(dirname(this.path));
  }

  remove(): void {
    if (this.path) rmSync(this.path, { force: true });
  }
}

/** fsyncs a directory, so a rename in it survives a crash. */
export function syncDirectory(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
