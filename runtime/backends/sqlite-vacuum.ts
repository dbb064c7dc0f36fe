import { existsSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { syncDirectory } from '../core/durable-file';
import type { VacuumAnswer, VacuumJob } from './sqlite-vacuum-worker';

const WORKER = join(__dirname, 'sqlite-vacuum-worker.ts');

export type VacuumOutcome = 'vacuumed' | 'no file' | `left as it is: ${string}`;

/** What a vacuum that was cut short (the process was killed) leaves beside the database. */
export const vacuumLeftover = (file: string) => `${file}.vacuum`;

/**
 * Rewrites a SQLite database file that no process has open with VACUUM, which copies only the live rows
 * (https://www.sqlite.org/lang_vacuum.html): the bytes of deleted and replaced rows, which SQLite otherwise
 * leaves in free pages and in the free space of pages until it reuses them, are gone from the file. A file
 * with a hot rollback journal or a write-ahead log beside it is left alone (its owner must recover it first),
 * as is one that fails SQLite's quick_check. The new file replaces the old one by rename: a crash leaves one or
 * the other whole. sql.js, not a native SQLite, because it needs nothing beyond Node on the user's machine.
 */
export async function vacuumSqliteFile(file: string): Promise<VacuumOutcome> {
  if (!existsSync(file)) return 'no file';
  for (const beside of [`${file}-journal`, `${file}-wal`]) if (existsSync(beside)) return `left as it is: ${beside} is there`;
  const into = vacuumLeftover(file);
  rmSync(into, { force: true });
  try {
    const answer = await inWorker({ file, into });
    if (!answer.ok) return `left as it is: ${answer.refused}`;
    renameSync(into, file);
    syncDirectory(dirname(file));
    return 'vacuumed';
  } finally {
    rmSync(into, { force: true });
  }
}

function inWorker(job: VacuumJob): Promise<VacuumAnswer> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER, { workerData: job, execArgv: ['--require', require.resolve('tsx/cjs')] });
    let answer: VacuumAnswer | undefined;
    worker.once('message', (m: VacuumAnswer) => (answer = m));
    worker.once('error', reject);
    worker.once('exit', (code) => (answer ? resolve(answer) : reject(new Error(`the vacuum thread exited with code ${code} before answering`))));
  });
}
