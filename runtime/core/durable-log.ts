import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, truncateSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { StateFileError } from './durable-file';
import { PRIVATE_DIRECTORY, PRIVATE_FILE } from './private-files';

/**
 * An append-only log of JSON entries, one per line after a header line naming its kind and format.
 * Appending costs one small write and fsync whatever the log's length (a DurableJsonFile would rewrite
 * everything); a line torn by a crash at the end is dropped, damage anywhere else refuses to load.
 * `compact(entries)` rewrites the log atomically, for retention. `path === undefined` keeps nothing.
 */
export class DurableJsonLog<T> {
  private fd: number | undefined;

  constructor(
    readonly path: string | undefined,
    private readonly kind: string,
    private readonly format: number,
  ) {}

  /** Every entry, oldest first; `[]` when there is no log yet. */
  load(): T[] {
    if (!this.path || !existsSync(this.path)) return [];
    const text = readFileSync(this.path, 'utf8');
    const lines = text.split('\n');
    // The element after the last newline is '' for a clean log, or a line torn by a crash.
    const complete = lines.slice(0, -1);
    const torn = lines[lines.length - 1];
    const [header, ...body] = complete;
    let parsedHeader: { kind?: unknown; format?: unknown };
    try {
      parsedHeader = JSON.parse(header ?? '');
    } catch {
      throw new StateFileError(this.path, `the file is corrupt: it does not start with a keydrill ${this.kind} log header`);
    }
    if (parsedHeader.kind !== this.kind || typeof parsedHeader.format !== 'number') throw new StateFileError(this.path, `the file is not a keydrill ${this.kind} log`);
    if (parsedHeader.format > this.format) {
      throw new StateFileError(this.path, `the file has format ${parsedHeader.format}, written by a newer keydrill (this one reads up to ${this.format})`);
    }
    if (parsedHeader.format < this.format) throw new StateFileError(this.path, `the file has format ${parsedHeader.format}, which this keydrill (format ${this.format}) cannot migrate`);
    const entries = body.map((line, i) => {
      try {
        return JSON.parse(line) as T;
      } catch (e) {
        throw new StateFileError(this.path!, `line ${i + 2} is corrupt (${(e as Error).message})`);
      }
    });
    // A last line without its newline was being written when the process died: it was never acknowledged.
    if (torn) truncateSync(this.path, Buffer.byteLength(text) - Buffer.byteLength(torn));
    return entries;
  }

  append(entry: T): void {
    if (!this.path) return;
    if (this.fd === undefined) {
      if (!existsSync(this.path)) this.compact([]);
      this.fd = openSync(this.path, 'a', PRIVATE_FILE);
    }
    writeSync(this.fd, `${JSON.stringify(entry)}\n`);
    fsyncSync(this.fd);
  }

  /** Replaces the whole log with `entries`: temp file, fsync, rename. */
  compact(entries: readonly T[]): void {
    if (!this.path) return;
    this.close();
    mkdirSync(dirname(this.path), { recursive: true, mode: PRIVATE_DIRECTORY });
    const tmp = `${this.path}.tmp`;
    const fd = openSync(tmp, 'w', PRIVATE_FILE);
    try {
      writeSync(fd, [JSON.stringify({ kind: this.kind, format: this.format }), ...entries.map((e) => JSON.stringify(e))].join('\n') + '\n');
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, this.path);
    const dir = openSync(dirname(this.path), 'r');
    try {
      fsyncSync(dir);
    } finally {
      closeSync(dir);
    }
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  remove(): void {
    this.close();
    if (this.path) rmSync(this.path, { force: true });
  }
}
