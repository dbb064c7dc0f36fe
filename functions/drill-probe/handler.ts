import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DescribeLedgerCommand, QLDBClient } from '@aws-sdk/client-qldb';
import { STSClient } from '@aws-sdk/client-sts';
import { BatchWriteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { QldbDriver } from 'amazon-qldb-driver-nodejs';
import type { LedgerObservation, ProbeOperation, ProbeRole } from '../domain/drills/drill-record';
import { ITEMS, progressFigures, timedItem } from '../domain/drills/results-items';
import { requiredEnv } from '../shared/env';
import { PROBE_TABLE, assumeRole, ensureProbeTable, ledgerDriver, seedPayload, writeProbeDocument } from '../shared/ledger-sessions';
import { parseProbeRequest, type ProbeRequest } from './probe-request';

/**
 * The drill's probe, for the whole Drill branch in one invocation: it writes and reads as the application (a
 * driver opened before the disruption and kept open — `pooled` — and a new driver per read — `fresh`) and reads
 * as the administrator (this function's own role, which every drill key's policy lets decrypt), records each
 * operation and a DescribeLedger observation per tick in the results table, keeps PROGRESS up to date, and stops
 * when the disruption branch writes DONE or at its deadline. Errors are recorded as the application sees them,
 * after the driver's own retries.
 */

const ledgerName = requiredEnv('LEDGER_NAME');
const resultsTable = requiredEnv('RESULTS_TABLE_NAME');
const appRoleArn = requiredEnv('APP_ROLE_ARN');
const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const qldb = new QLDBClient({});
const sts = new STSClient({});

const BATCH = 25;
/** Ticks before the probe says it is ready: the disruption waits for them, so the report has a "before" window. */
const BEFORE_TICKS = 2;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function timed(role: ProbeRole, kind: ProbeOperation['kind'], session: ProbeOperation['session'], run: () => Promise<unknown>): Promise<ProbeOperation> {
  const at = new Date();
  const started = performance.now();
  try {
    await run();
    return { at: at.toISOString(), role, kind, session, ok: true, latencyMs: Math.round(performance.now() - started) };
  } catch (e) {
    return { at: at.toISOString(), role, kind, session, ok: false, latencyMs: Math.round(performance.now() - started), errorName: (e as Error).name, errorMessage: (e as Error).message };
  }
}

const readById = (driver: QldbDriver, id: string) => driver.executeLambda(async (txn) => (await txn.execute(`SELECT seq FROM ${PROBE_TABLE} BY pid WHERE pid = ?`, id)).getResultList().length);

async function insert(driver: QldbDriver, doc: { runId: string; kind: string; seq: number; payload: string }): Promise<string> {
  return driver.executeLambda(async (txn) => (await txn.execute(`INSERT INTO ${PROBE_TABLE} ?`, doc)).getResultList()[0].get('documentId')!.stringValue()!);
}

/** One DescribeLedger observation; a failed call is a missing observation, not a reason to stop probing. */
async function observeLedger(): Promise<LedgerObservation | undefined> {
  try {
    const { EncryptionDescription: e } = await qldb.send(new DescribeLedgerCommand({ Name: ledgerName }));
    return {
      at: new Date().toISOString(),
      status: (e?.EncryptionStatus ?? 'ENABLED') as LedgerObservation['status'],
      kmsKeyArn: e?.KmsKeyArn ?? 'AWS_OWNED_KMS_KEY',
      ...(e?.InaccessibleKmsKeyDateTime ? { inaccessibleSince: new Date(e.InaccessibleKmsKeyDateTime).toISOString() } : {}),
    };
  } catch {
    return undefined;
  }
}

async function flush(items: Record<string, unknown>[]): Promise<void> {
  for (let i = 0; i < items.length; i += BATCH) {
    let pending: Record<string, unknown>[] | undefined = items.slice(i, i + BATCH).map((Item) => ({ PutRequest: { Item } }));
    while (pending && pending.length) {
      const out = await documents.send(new BatchWriteCommand({ RequestItems: { [resultsTable]: pending as never } }));
      pending = out.UnprocessedItems?.[resultsTable] as Record<string, unknown>[] | undefined;
      if (pending?.length) await sleep(50);
    }
  }
}

const isDone = async (runId: string) => Boolean((await documents.send(new GetCommand({ TableName: resultsTable, Key: { runId, item: ITEMS.done }, ConsistentRead: true }))).Item);

export async function handler(event: unknown): Promise<{ operations: number; failures: number }> {
  const request: ProbeRequest = parseProbeRequest(event);
  const { runId } = request;
  const admin = new QldbDriver(ledgerName);
  const appCredentials = await assumeRole(sts, appRoleArn, `drill-probe-${runId.split(':').pop()}`);
  const pooled = ledgerDriver(ledgerName, appCredentials);
  const all: ProbeOperation[] = [];
  let seq = 0;
  let ticks = 0;
  try {
    await ensureProbeTable(admin);
    // Written before the disruption, read back after it (on-demand-rotation's "old documents read back").
    await writeProbeDocument(pooled, { runId, kind: 'seed', seq: seq++, payload: seedPayload(runId) });
    let lastId = await insert(pooled, { runId, kind: 'probe', seq: seq++, payload: 'first' });
    while (Date.now() < request.deadline && !(await isDone(runId))) {
      const tickStarted = Date.now();
      const ops: ProbeOperation[] = [];
      let written: string | undefined;
      ops.push(await timed('application', 'write', 'pooled', async () => (written = await insert(pooled, { runId, kind: 'probe', seq: seq++, payload: new Date().toISOString() }))));
      if (written) lastId = written;
      ops.push(await timed('application', 'read', 'pooled', () => readById(pooled, lastId)));
      ops.push(
        await timed('application', 'read', 'fresh', async () => {
          const fresh = ledgerDriver(ledgerName, appCredentials);
          try {
            await readById(fresh, lastId);
          } finally {
            fresh.close();
          }
        }),
      );
      ops.push(await timed('administrator', 'read', 'pooled', () => readById(admin, lastId)));
      const observation = await observeLedger();
      all.push(...ops);
      await flush([
        ...ops.map((op, i) => ({ runId, item: timedItem(ITEMS.probePrefix, op.at, `${seq}-${i}`), op: JSON.stringify(op) })),
        ...(observation ? [{ runId, item: timedItem(ITEMS.ledgerPrefix, observation.at, seq), observation: JSON.stringify(observation) }] : []),
      ]);
      await documents.send(
        new UpdateCommand({
          TableName: resultsTable,
          Key: { runId, item: ITEMS.progress },
          UpdateExpression: 'SET probes = :p, updatedAt = :now',
          ExpressionAttributeValues: { ':p': progressFigures(all), ':now': new Date().toISOString() },
        }),
      );
      if (ticks++ === BEFORE_TICKS) await documents.send(new PutCommand({ TableName: resultsTable, Item: { runId, item: ITEMS.probeReady, at: new Date().toISOString() } }));
      await sleep(Math.max(0, request.intervalMs - (Date.now() - tickStarted)));
    }
  } finally {
    pooled.close();
    admin.close();
  }
  return { operations: all.length, failures: all.filter((o) => !o.ok).length };
}
