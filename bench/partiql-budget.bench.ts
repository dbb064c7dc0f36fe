/**
 * `npm run bench:partiql-budget`: how long the worst PartiQL statements keep every other client waiting.
 * Evaluation shares the runtime's event loop and pauses once its turn is over (TURN_MS), so a statement's
 * longest block is the longest any other client's request waits behind it. The runtime runs in a process of
 * its own, as `keydrill up` does. Each statement runs through the real QLDB driver against table T of 315
 * documents (a two-way cross join is 99,225 rows) or Big of 10,045; meanwhile a KMS client sends requests
 * back to back from a worker thread, so that the driver decoding result pages here does not delay it.
 * Reported per statement: its outcome, its time with every result page, and the slowest and median KMS
 * answer meanwhile.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { QldbDriver } from 'amazon-qldb-driver-nodejs';
import { createLedger, qldbDriver } from '../test/helpers/qldb';
import { clientConfig } from '../test/helpers/runtime';
import { runtimeProcess } from './spawn-runtime';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const DOCUMENTS = 315;
const BIG_DOCUMENTS = 10_045;
/** QLDB's limit of 40 documents a transaction. */
const DOCUMENTS_PER_INSERT = 35;
const ors = (n: number) => Array.from({ length: n }, (_, i) => `a.n = ${i + 1000}`).join(' OR ');

const STATEMENTS: [string, string][] = [
  ['two-way cross join, no WHERE', 'SELECT a.n FROM T AS a, T AS b'],
  ['two-way cross join, WHERE never true', 'SELECT a.n FROM T AS a, T AS b WHERE a.n = -1'],
  ['two-way cross join, 50 ORed comparisons', `SELECT a.n FROM T AS a, T AS b WHERE ${ors(50)}`],
  ['scan, 900 ORed comparisons', `SELECT a.n FROM T AS a WHERE ${ors(900)}`],
  ['five-way cross join', 'SELECT a.n FROM T AS a, T AS b, T AS c, T AS d, T AS e'],
  ['scan, SELECT *', 'SELECT * FROM T'],
  ['scan of 10,045 documents, SELECT *', 'SELECT * FROM Big'],
  ['scan of 10,045 documents, two fields', 'SELECT a.n, a.s FROM Big AS a'],
  ['scan of 10,045 documents, COUNT(*) WHERE', 'SELECT COUNT(*) FROM Big AS a WHERE a.n >= 0 AND a.s LIKE \'%x%\''],
];

/**
 * The other client: KMS ListKeys back to back, on the worker's own event loop, from 'start' until 'stop'; then it
 * posts every wait in milliseconds. Plain JavaScript, so the worker needs no TypeScript loader.
 */
const OTHER_CLIENT = `
const { parentPort, workerData } = require('node:worker_threads');
const { KMSClient, ListKeysCommand } = require('@aws-sdk/client-kms');
const kms = new KMSClient(workerData);
let running = false;
parentPort.on('message', async (message) => {
  if (message === 'stop') return void (running = false);
  running = true;
  const waits = [];
  while (running) {
    const sent = performance.now();
    await kms.send(new ListKeysCommand({}));
    waits.push(performance.now() - sent);
  }
  parentPort.postMessage(waits);
});
`;

/** Fills `table` with `count` documents {n, s}, QLDB's 40 documents a transaction at most. */
async function fill(driver: QldbDriver, table: string, count: number): Promise<void> {
  await driver.executeLambda((txn) => txn.execute(`CREATE TABLE ${table}`));
  for (let i = 0; i < count; i += DOCUMENTS_PER_INSERT) {
    await driver.executeLambda((txn) => txn.execute(`INSERT INTO ${table} ?`, Array.from({ length: DOCUMENTS_PER_INSERT }, (_, n) => ({ n: i + n, s: 'x'.repeat(20) }))));
  }
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'keydrill-bench-partiql-'));
  const { runtime, stop } = await runtimeProcess(dataDir);
  const other = new Worker(OTHER_CLIENT, { eval: true, workerData: clientConfig(runtime) });
  const driver = qldbDriver(runtime, 'budget', { retryLimit: 0 });
  const rows: Record<string, string | number>[] = [];
  try {
    await createLedger(runtime, 'budget');
    await fill(driver, 'T', DOCUMENTS);
    await fill(driver, 'Big', BIG_DOCUMENTS);
    for (const [name, statement] of STATEMENTS) {
      const waited = new Promise<number[]>((resolve) => other.once('message', resolve));
      other.postMessage('start');
      const started = performance.now();
      // Every page of the result: each page is a request of its own, the other client's can come between them.
      const outcome = await driver
        .executeLambda(async (txn) => `${(await txn.execute(statement)).getResultList().length} rows`)
        .catch((e: Error) => e.message.slice(0, 60));
      const elapsed = performance.now() - started;
      other.postMessage('stop');
      const waits = (await waited).sort((x, y) => x - y);
      rows.push({
        statement: name,
        outcome,
        'statement ms': Math.round(elapsed),
        'other client: answers': waits.length,
        'median ms': Math.round(waits[waits.length >> 1]),
        'slowest ms': Math.round(waits[waits.length - 1]),
      });
    }
  } finally {
    driver.close();
    await other.terminate();
    await stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  console.table(rows);
}

void main();
