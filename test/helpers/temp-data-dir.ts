import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { atEndOfFile } from './end-of-file';

/** A new empty directory under the OS temp dir, removed once the test file is over (after its runtimes stopped). */
export function tempDataDir(purpose: string): string {
  const dir = mkdtempSync(join(tmpdir(), `keydrill-${purpose}-`));
  atEndOfFile(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
