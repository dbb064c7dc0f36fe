import type { QldbDriver } from 'amazon-qldb-driver-nodejs';
import type { dom } from 'ion-js';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Runtime } from '../../runtime';
import { OUTPUT_KEYS } from '../../infra/stacks/keydrill-stack';
import { qldbDriver } from '../../test/helpers/qldb';
import type { SoakRuntime } from './check';

/** The ledger table the soak writes; the projector projects every table (PROJECTED_TABLES `*`). */
export const SOAK_TABLE = 'Soak';
const WRITERS = 4;
/** Pause between one writer's commits: keeps the ledger small enough to compare in full after every kill. */
const MAX_PAUSE_MS = 100;

export interface SoakDocument {
  writer: string;
  n: number;
  /** Bumped by every update: (documentId, v) names one revision. */
  v: number;
  pad: string;
}

/** A revision whose commit the driver acknowledged. */
export interface AcknowledgedRevision {
  documentId: string;
  data: SoakDocument;
}

/** Key order fixed, so that equal documents give equal text whatever produced them (ion-js, the DynamoDB unmarshaller). */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}


export const ledgerOf = (runtime: SoakRuntime) => runtime.outputs[OUTPUT_KEYS.ledgerName];

/** The unmodified QLDB driver on one incarnation; no retries, so that a call to a killed runtime fails at once. */
export const driverFor = (runtime: SoakRuntime, retryLimit = 0): QldbDriver => qldbDriver(runtime as Runtime, ledgerOf(runtime), { retryLimit });

/**
 * Commits through the real QLDB driver from a few concurrent writers, each inserting documents and
 * updating its own, and records every revision whose commit was acknowledged. An update is by document id
 * (`BY d … WHERE d = ?`): a point read, and no conflict with the other writers.
 */
export class LedgerWorkload {
  readonly acknowledged: AcknowledgedRevision[] = [];
  commitsAcknowledged = 0;
  /** Commits that failed while the runtime ran (each one a figure, and none expected), by error. */
  readonly failedWhileRunning = new Map<string, number>();
  /** Commits cut by a kill: not acknowledged, so nothing is owed. */
  commitsCut = 0;
  private driver: QldbDriver | undefined;
  private running = false;
  private writers: Promise<void>[] = [];
  private incarnation = 0;

  /** When each incarnation's work began: the windows history is read in. */
  readonly began: Date[] = [];

  async begin(runtime: SoakRuntime): Promise<void> {
    this.incarnation++;
    this.began.push(new Date());
    this.driver = driverFor(runtime, 2);
    if (!(await this.driver.getTableNames()).includes(SOAK_TABLE)) await this.driver.executeLambda((txn) => txn.execute(`CREATE TABLE ${SOAK_TABLE}`));
    this.running = true;
    this.writers = Array.from({ length: WRITERS }, (_, w) => this.write(this.driver!, `${this.incarnation}-${w}`));
  }

  halting(): void {
    this.running = false;
  }

  async interrupted(): Promise<void> {
    await Promise.all(this.writers);
    this.driver?.close();
    this.driver = undefined;
  }

  private async write(driver: QldbDriver, writer: string): Promise<void> {
    const mine: { documentId: string; data: SoakDocument }[] = [];
    for (let n = 0; this.running; n++) {
      try {
        if (mine.length > 0 && Math.random() < 0.5) {
          const doc = mine[Math.floor(Math.random() * mine.length)];
          const data = { ...doc.data, v: doc.data.v + 1 };
          await driver.executeLambda((txn) => txn.execute(`UPDATE ${SOAK_TABLE} AS s BY d SET s.v = ? WHERE d = ?`, data.v, doc.documentId));
          doc.data = data;
          this.acknowledge([{ documentId: doc.documentId, data }]);
        } else {
          const docs: SoakDocument[] = Array.from({ length: 1 + Math.floor(Math.random() * 3) }, (_, i) => ({ writer, n: n * 10 + i, v: 0, pad: 'x'.repeat(100) }));
          const result = await driver.executeLambda((txn) => txn.execute(`INSERT INTO ${SOAK_TABLE} ?`, docs));
          const ids = result.getResultList().map((row) => row.get('documentId')!.stringValue()!);
          const inserted = ids.map((documentId, i) => ({ documentId, data: docs[i] }));
          mine.push(...inserted);
          this.acknowledge(inserted);
        }
      } catch (e) {
        if (!this.running) {
          this.commitsCut++;
          return;
        }
        const reason = `${(e as Error).name}: ${(e as Error).message.slice(0, 120)}`;
        this.failedWhileRunning.set(reason, (this.failedWhileRunning.get(reason) ?? 0) + 1);
      }
      await sleep(Math.random() * MAX_PAUSE_MS);
    }
  }

  private acknowledge(revisions: AcknowledgedRevision[]): void {
    this.commitsAcknowledged++;
    this.acknowledged.push(...revisions.map((r) => ({ documentId: r.documentId, data: { ...r.data } })));
  }
}

/** One revision of the soak table as history() returns it. */
export interface LedgerRevision {
  documentId: string;
  version: number;
  /** Absent for a delete. */
  data?: unknown;
  hash: Uint8Array;
  blockAddress: dom.Value;
  revision: dom.Value;
}

/**
 * Every revision of the soak table, read with history() through the driver: one transaction per window of
 * `windowStarts` (the times the incarnations began), so that no transaction pages through the whole table
 * and outlives QLDB's 30-second transaction timeout. Windows are inclusive at both ends; a revision seen twice
 * is kept once.
 */
export async function readHistory(runtime: SoakRuntime, windowStarts: readonly Date[]): Promise<LedgerRevision[]> {
  const driver = driverFor(runtime, 4);
  const bounds = [new Date(0), ...windowStarts, new Date(Date.now() + 3_600_000)];
  const revisions = new Map<string, LedgerRevision>();
  try {
    for (let i = 0; i + 1 < bounds.length; i++) {
      const [start, end] = [timestamp(bounds[i]), timestamp(bounds[i + 1])];
      const rows = await readWindow(driver, start, end);
      for (const row of rows) {
        const revision = revisionOf(row);
        revisions.set(`${revision.documentId} ${revision.version}`, revision);
      }
    }
    return [...revisions.values()];
  } finally {
    driver.close();
  }
}

/** Reads of one window that may be tried again: a read that outlived QLDB's 30 s transaction timeout on a starved machine says nothing about the data. */
const WINDOW_ATTEMPTS = 3;

async function readWindow(driver: QldbDriver, start: string, end: string): Promise<dom.Value[]> {
  for (let attempt = 1; ; attempt++) {
    try {
      return (await driver.executeLambda((txn) => txn.execute(`SELECT * FROM history(${SOAK_TABLE}, \`${start}\`, \`${end}\`) AS h`))).getResultList();
    } catch (e) {
      if ((e as Error).name !== 'InvalidSessionException' || attempt === WINDOW_ATTEMPTS) throw e;
    }
  }
}

/** An Ion timestamp literal, millisecond precision, UTC. */
const timestamp = (date: Date) => date.toISOString();

function revisionOf(row: dom.Value): LedgerRevision {
  const data = row.get('data');
  return {
    documentId: row.get('metadata', 'id')!.stringValue()!,
    version: row.get('metadata', 'version')!.numberValue()!,
    data: data ? JSON.parse(JSON.stringify(data)) : undefined,
    hash: row.get('hash')!.uInt8ArrayValue()!,
    blockAddress: row.get('blockAddress')!,
    revision: row,
  };
}
