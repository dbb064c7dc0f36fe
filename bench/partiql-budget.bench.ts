/**
 * `npm run bench:partiql-budget`: how long the worst PartiQL statements keep every other client waiting.
 * Evaluation is synchronous on the runtime's event loop, so a statement's longest block is the longest any
 * other client's request waits behind it. Each statement runs through the real QLDB driver against a table of
 * 315 documents (a two-way cross join is 99,225 rows); meanwhile a KMS client sends requests back to back.
 * Reported per statement: its outcome, its time with every result page, the longest event-loop block
 * (perf_hooks), and the slowest KMS answer meanwhile.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { KMSClient, ListKeysCommand } from '@aws-sdk/client-kms';
import { startRuntime } from '../runtime';
import { createLedger, qldbDriver } from '../test/helpers/qldb';
import { clientConfig } from '../test/helpers/runtime';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const DOCUMENTS = 315;
/** QLDB's limit of 40 documents a transaction. */
const DOCUMENTS_PER_INSERT = 35;
const ors = (n: number) => Array.from({ length: n }, (_, i) => `a.n = ${i + 1000}`).join(' OR ');

const STATEMENTS: [string, string][] = [
  ['two-way cross join, no WHERE', 'SELECT a.n FROM T AS a, T AS b'],
  ['two-way cross join, WHERE never true', 'SELECT a.n FROM T AS a, T AS b WHERE a.n = -1'],
  ['two-way cross join, 50 ORed comparisons', `SELECT a.n FROM T AS a, T AS b WHERE ${ors(50)}`],
  ['scan, 2,000 ORed comparisons', `SELECT a.n FROM T AS a WHERE ${ors(2000)}`],
  ['five-way cross join', 'SELECT a.n FROM T AS a, T AS b, T AS c, T AS d, T AS e'],
  ['scan, SELECT *', 'SELECT * FROM T'],
];

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'keydrill-bench-partiql-'));
  const runtime = await startRuntime({ port: 0, dataDir });
  const kms = new KMSClient(clientConfig(runtime));
  const driver = qldbDriver(runtime, 'budget', { retryLimit: 0 });
  const rows: Record<string, string | number>[] = [];
  try {
    await createLedger(runtime, 'budget');
    await driver.executeLambda((txn) => txn.execute('CREATE TABLE T'));
    for (let i = 0; i < DOCUMENTS; i += DOCUMENTS_PER_INSERT) {
      await driver.executeLambda((txn) => txn.execute('INSERT INTO T ?', Array.from({ length: DOCUMENTS_PER_INSERT }, (_, n) => ({ n: i + n, s: 'x'.repeat(20) }))));
    }
    const loop = monitorEventLoopDelay({ resolution: 1 });
    for (const [name, statement] of STATEMENTS) {
      let running = true;
      let slowestOther = 0;
      const other = (async () => {
        while (running) {
          const sent = Date.now();
          await kms.send(new ListKeysCommand({}));
          slowestOther = Math.max(slowestOther, Date.now() - sent);
        }
      })();
      loop.reset();
      loop.enable();
      const started = Date.now();
      // Every page of the result: each page is a request of its own, the other client's can come between them.
      const outcome = await driver
        .executeLambda(async (txn) => `${(await txn.execute(statement)).getResultList().length} rows`)
        .catch((e: Error) => e.message.slice(0, 60));
      const elapsed = Date.now() - started;
      loop.disable();
      running = false;
      await other;
      rows.push({ statement: name, outcome, 'statement ms': elapsed, 'longest block ms': Math.round(loop.max / 1e6), 'slowest other client ms': slowestOther });
    }
  } finally {
    driver.close();
    kms.destroy();
    await runtime.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  console.table(rows);
}

void main();
