import { chmodSync, lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The data directory holds key material (KMS keys, the administrator's secret, the journal's data keys), as
 * `~/.aws` holds credentials: what the runtime creates there is readable by its owner only, whatever the umask.
 */
export const PRIVATE_DIRECTORY = 0o700;
export const PRIVATE_FILE = 0o600;

/** The permission bits beyond the owner's. */
const OTHERS = 0o077;

/**
 * Takes group and other permissions away from `dir` and everything under it (symbolic links are left alone,
 * they have no modes of their own); returns how many entries were tightened.
 */
export function tightenTree(dir: string): number {
  let tightened = 0;
  const visit = (path: string) => {
    const stat = lstatSync(path);
    if (stat.isSymbolicLink()) return;
    if (stat.mode & OTHERS) {
      chmodSync(path, stat.mode & 0o700);
      tightened++;
    }
    if (stat.isDirectory()) for (const name of readdirSync(path)) visit(join(path, name));
  };
  visit(dir);
  return tightened;
}
