/**
 * The body of the worker thread `vacuumSqliteFile` starts: VACUUM one SQLite file into `<file>.vacuum` (written,
 * fsynced, mode 0600) through sql.js, SQLite compiled to WebAssembly. A thread, not the runtime's own loop: a
 * VACUUM of a 30 MB file takes over a second of CPU, and the WebAssembly heap it grows (about 3× the file) is
 * given back when the thread ends, where sql.js would keep it for the rest of the process.
 */
import { closeSync, fsyncSync, openSync, readFileSync, writeSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import initSqlJs from 'sql.js';

export interface VacuumJob {
  file: string;
  into: string;
}

/** `ok` once `into` holds the vacuumed database; `refused` (with SQLite's words) when the file did not pass its check. */
export type VacuumAnswer = { ok: true } | { ok: false; refused: string };

async function vacuum({ file, into }: VacuumJob): Promise<VacuumAnswer> {
  const SQL = await initSqlJs();
  const db = new SQL.Database(readFileSync(file));
  try {
    // A damaged file is left as it is for its owner (DynamoDB Local) to report, never rewritten.
    const check = String(db.exec('PRAGMA quick_check')[0]?.values[0]?.[0] ?? 'no answer');
    if (check !== 'ok') return { ok: false, refused: check };
    db.run('VACUUM');
    const bytes = db.export();
    const fd = openSync(into, 'w', 0o600);
    try {
      writeSync(fd, bytes);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    return { ok: true };
  } finally {
    db.close();
  }
}

void vacuum(workerData as VacuumJob).then(
  (answer) => parentPort!.postMessage(answer),
  (e: Error) => parentPort!.postMessage({ ok: false, refused: e.message } satisfies VacuumAnswer),
);
