import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { PRIVATE_DIRECTORY, PRIVATE_FILE } from './private-files';

/**
 * One runtime per data directory: two processes writing the same state files would lose writes.
 * The lock names its owner's pid, so a lock left by a killed process is recognised and taken over.
 */
/** Locks this process holds: a lock file naming our own pid is ours only if it is listed here (else the pid was reused). */
const held = new Set<string>();

export class DataDirLock {
  private constructor(private readonly path: string) {}

  static acquire(dataDir: string): DataDirLock {
    mkdirSync(dataDir, { recursive: true, mode: PRIVATE_DIRECTORY });
    const path = join(dataDir, 'runtime.lock');
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const fd = openSync(path, 'wx', PRIVATE_FILE);
        writeSync(fd, String(process.pid));
        closeSync(fd);
        held.add(path);
        return new DataDirLock(path);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
        const owner = Number(readFileSync(path, 'utf8'));
        if (held.has(path) || (owner && owner !== process.pid && isAlive(owner))) {
          throw new Error(`${dataDir} is in use by another keydrill runtime (pid ${owner}); stop it or choose another --data-dir`);
        }
        unlinkSync(path);
      }
    }
    throw new Error(`could not lock ${dataDir}`);
  }

  release(): void {
    held.delete(this.path);
    try {
      unlinkSync(this.path);
    } catch {
      // Already gone: nothing to release.
    }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
