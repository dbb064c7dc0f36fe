/**
 * The projection end to end: documents committed through the real driver at a steady rate, streamed by
 * the ledger to Kinesis, projected by the projector Lambda (run by the event source mapping) into
 * DynamoDB Local. Reports the commit rate reached, the sustained projection throughput and the
 * projection lag of every revision: the projector's `projectedAt` minus the revision's `txTime`
 * (both from this machine's clock; `projectedAt` is taken as the write is planned, just before it is sent).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { currentKey } from '../functions/domain/projection/revision-items';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { OUTPUT_KEYS } from '../infra/stacks/keydrill-stack';
import { qldbDriver } from '../test/helpers/qldb';
import { clientConfig } from '../test/helpers/runtime';
import { runtimeProcess } from './spawn-runtime';

/** Transactions per second the load generator aims at; each carries rate/TX_PER_SECOND documents. */
const TX_PER_SECOND = 50;
const DRAIN_TIMEOUT_MS = 300_000;

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Committed {
  documentIds: string[];
}

/** The durations of the projector's invocations so far, from its REPORT log lines. */
function invocationDurations(dataDir: string): number[] {
  const logs = join(dataDir, 'logs');
  return readdirSync(logs)
    .flatMap((file) => readFileSync(join(logs, file), 'utf8').split('\n'))
    .map((line) => /REPORT .*\tDuration: ([\d.]+) ms/.exec(line))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => Number(match[1]));
}

/** One case: a steady offered rate for a number of seconds. */
export interface EndToEndCase {
  rate: number;
  seconds: number;
}

/** The lag percentile of the revisions committed in the first and in the last third of the run: growth shows as a rise. */
function lagByThird(txTimes: number[], lags: number[], p: number): [number, number] {
  const start = Math.min(...txTimes);
  const end = Math.max(...txTimes);
  const third = (end - start) / 3;
  const pick = (from: number, to: number) =>
    lags.filter((_, i) => txTimes[i] >= from && txTimes[i] <= to).sort((a, b) => a - b);
  return [percentile(pick(start, start + third), p), percentile(pick(end - third, end), p)];
}

export async function benchProjectionEndToEnd(cases: EndToEndCase[]): Promise<Record<string, string | number>[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'keydrill-bench-projector-'));
  const { runtime, stop } = await runtimeProcess(dataDir, { stack: true });
  const driver = qldbDriver(runtime, runtime.outputs[OUTPUT_KEYS.ledgerName], { maxConcurrentTransactions: 512 });
  const dynamodb = DynamoDBDocumentClient.from(new DynamoDBClient(clientConfig(runtime)));
  const projectionTable = runtime.outputs[OUTPUT_KEYS.projectionTableName];
  const rows: Record<string, string | number>[] = [];
  let invocationsBefore = 0;
  try {
    for (const { rate, seconds } of cases) {
      const table = `Bench${rate}`;
      await driver.executeLambda((txn) => txn.execute(`CREATE TABLE ${table}`));
      const perTransaction = Math.max(1, Math.round(rate / TX_PER_SECOND));
      const committed: Committed[] = [];
      const inFlight: Promise<void>[] = [];
      const failures = new Map<string, number>();
      const started = Date.now();
      // Open loop: a transaction leaves every 1/TX_PER_SECOND s whether or not earlier ones have finished.
      for (let i = 0; Date.now() - started < seconds * 1000; i++) {
        const due = started + (i * 1000) / TX_PER_SECOND;
        if (due > Date.now()) await sleep(due - Date.now());
        const documents = Array.from({ length: perTransaction }, (_, d) => ({ n: i * perTransaction + d, payload: 'x'.repeat(200), at: new Date() }));
        inFlight.push(
          driver
            .executeLambda((txn) => txn.execute(`INSERT INTO ${table} ?`, documents))
            .then((result) => void committed.push({ documentIds: result.getResultList().map((r) => r.get('documentId')!.stringValue()!) }))
            .catch((e: Error) => {
              const reason = `${e.name}: ${e.message.slice(0, 100)}`;
              failures.set(reason, (failures.get(reason) ?? 0) + 1);
            }),
        );
      }
      await Promise.all(inFlight);
      const commitSeconds = (Date.now() - started) / 1000;
      const documentIds = committed.flatMap((c) => c.documentIds);

      const lags: number[] = [];
      const txTimes: number[] = [];
      const projectedTimes: number[] = [];
      let pending = documentIds;
      const drainDeadline = Date.now() + DRAIN_TIMEOUT_MS;
      while (pending.length > 0 && Date.now() < drainDeadline) {
        const missing: string[] = [];
        for (let i = 0; i < pending.length; i += 100) {
          const batch = pending.slice(i, i + 100);
          const { Responses, UnprocessedKeys } = await dynamodb.send(
            new BatchGetCommand({ RequestItems: { [projectionTable]: { Keys: batch.map((id) => unmarshall(currentKey(id))) } } }),
          );
          const found = new Set<string>();
          for (const item of Responses?.[projectionTable] ?? []) {
            found.add(item.documentId);
            const txTime = Date.parse(item.txTime);
            const projectedAt = Date.parse(item.projectedAt);
            txTimes.push(txTime);
            projectedTimes.push(projectedAt);
            lags.push(projectedAt - txTime);
          }
          const unprocessed = (UnprocessedKeys?.[projectionTable]?.Keys ?? []).length;
          missing.push(...batch.filter((id) => !found.has(id)));
          if (unprocessed > 0) await sleep(50);
        }
        pending = missing;
        if (pending.length > 0) await sleep(500);
      }
      for (const [reason, count] of failures) console.log(`  ${rate}/s: ${count} transactions failed: ${reason}`);
      const durations = invocationDurations(dataDir).slice(invocationsBefore);
      invocationsBefore += durations.length;
      const [firstThirdP99, lastThirdP99] = lagByThird(txTimes, lags, 99);
      lags.sort((a, b) => a - b);
      const span = (Math.max(...projectedTimes) - Math.min(...txTimes)) / 1000;
      rows.push({
        'target revisions/s': rate,
        seconds,
        'committed revisions/s': Math.round(documentIds.length / commitSeconds),
        'failed transactions': [...failures.values()].reduce((a, b) => a + b, 0),
        'projected revisions': lags.length,
        'not projected': pending.length,
        'sustained projection revisions/s': Math.round(lags.length / span),
        'lag p50 ms': percentile(lags, 50),
        'lag p99 ms': percentile(lags, 99),
        'lag max ms': lags[lags.length - 1],
        'lag p99 first third ms': firstThirdP99,
        'lag p99 last third ms': lastThirdP99,
        'projector invocations': durations.length,
        'mean invocation ms': Math.round(durations.reduce((a, b) => a + b, 0) / Math.max(1, durations.length)),
      });
    }
  } finally {
    driver.close();
    dynamodb.destroy();
    await stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  console.table(rows);
  return rows;
}
