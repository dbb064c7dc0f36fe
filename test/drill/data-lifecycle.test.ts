import { DynamoDBClient, GetItemCommand, paginateScan } from '@aws-sdk/client-dynamodb';
import { DescribeStateMachineCommand, type DescribeExecutionCommandOutput } from '@aws-sdk/client-sfn';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { QldbDriver } from 'amazon-qldb-driver-nodejs';
import { dumpText } from 'ion-js';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { licenceRecord } from '../../functions/domain/lifecycle/licence-records';
import type { LifecycleReport } from '../../functions/domain/lifecycle/report';
import { OUTPUT_KEYS } from '../../infra/stacks/keydrill-stack';
import { keydrillTemplate } from '../helpers/keydrill-stack';
import { qldbDriver } from '../helpers/qldb';
import { useRuntime } from '../helpers/runtime';
import { settled, start } from '../helpers/sfn';
import { tempDataDir } from '../helpers/temp-data-dir';

/**
 * The DataLifecycle state machine on the deployed stack, through client-sfn: provision, ingest 60 generated
 * licence records, verify the projection, audit every proof, erase one subject, report. Then again: a re-run
 * commits nothing. The erased subject's email must be nowhere: not in the ledger's history, not in the
 * projection, not in the data directory's plaintext stores.
 */
jest.setTimeout(240_000);

const COUNT = 60;
const TABLE = 'BicycleLicence';
const INPUT = { tables: [{ name: TABLE, indexes: ['licenceId', 'email'] }], ingest: [{ table: TABLE, generate: { count: COUNT } }], verify: { timeoutSeconds: 90 } };
const SUBJECT = licenceRecord('walkthrough', 1).email;
const DYNAMODB_LOCAL_DATABASE = join('dynamodb', 'shared-local-instance.db');
/** The runtime's idle time before it compacts DynamoDB Local's file (10 s), with room for other requests and the JVM's stop. */
const DYNAMODB_COMPACTION_WAIT_MS = 60_000;

const dataDir = tempDataDir('lifecycle');
const env = useRuntime({ dataDir, stack: keydrillTemplate() }, { timeoutMs: 120_000 });
let admin: QldbDriver;
let resultsTable: string;

env.onStop(() => admin?.close());

beforeAll(async () => {
  for (const [name, value] of Object.entries(env.runtime.env)) process.env[name] = value;
  admin = qldbDriver(env.runtime, env.runtime.outputs[OUTPUT_KEYS.ledgerName]);
  // The results table is the one the definition writes PROGRESS to (the stack names it once the shared table exists).
  const { definition } = await env.clients.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: machineArn() }));
  resultsTable = JSON.parse(definition!).States.ProgressProvision.Parameters.TableName;
});

const machineArn = () => env.runtime.outputs[OUTPUT_KEYS.dataLifecycleStateMachineArn];

async function run(input: unknown): Promise<{ execution: DescribeExecutionCommandOutput; report: LifecycleReport }> {
  const execution = await settled(env.clients.sfn, await start(env.clients.sfn, machineArn(), input));
  return { execution, report: JSON.parse(execution.output ?? 'null') };
}

const rows = async (statement: string, ...parameters: unknown[]) => (await admin.executeLambda((txn) => txn.execute(statement, ...parameters))).getResultList();

async function resultItem(runId: string, item: string): Promise<Record<string, any> | undefined> {
  const dynamodb = new DynamoDBClient({});
  try {
    const { Item } = await dynamodb.send(new GetItemCommand({ TableName: resultsTable, Key: { runId: { S: runId }, item: { S: item } }, ConsistentRead: true }));
    return Item && unmarshall(Item);
  } finally {
    dynamodb.destroy();
  }
}

/** Every file under the data directory whose bytes hold `text`, relative to it. */
function filesHolding(text: string, dir = dataDir): string[] {
  const needle = Buffer.from(text, 'utf8');
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    const stat = statSync(path);
    if (stat.isDirectory()) return filesHolding(text, path);
    return stat.isFile() && readFileSync(path).includes(needle) ? [relative(dataDir, path)] : [];
  });
}

let first: { execution: DescribeExecutionCommandOutput; report: LifecycleReport };

test('the walkthrough end to end: provisioned, ingested, projected, every proof verified, one subject erased; PASSED', async () => {
  first = await run(INPUT);
  expect(first.execution.status).toBe('SUCCEEDED');
  const { report } = first;
  expect(report.failure).toBeUndefined();
  expect(report).toMatchObject({
    kind: 'lifecycle',
    verdict: 'PASSED',
    runId: first.execution.executionArn,
    provision: { tables: [TABLE, 'LifecycleErasures'], tablesCreated: [TABLE, 'LifecycleErasures'], indexesCreated: [`${TABLE}.licenceId`, `${TABLE}.email`, 'LifecycleErasures.keyDigest'] },
    ingest: { total: COUNT, committed: COUNT, skipped: 0, perTable: { [TABLE]: { total: COUNT, committed: COUNT, skipped: 0 } } },
    verify: { projected: COUNT, total: COUNT },
    audit: { total: COUNT, verified: COUNT, digest: expect.any(String), tipAddress: { strandId: expect.any(String), sequenceNo: expect.any(Number) } },
    erase: { field: 'email', documents: 1, deleted: 1, redacted: 1, clean: true, ledgerHistoryClean: true, projectionClean: true, traces: [], proofsAfterErasure: { verified: expect.any(Number), redactedVerified: 1 } },
  });
  expect(report.erase!.subject).toMatch(/^email:sha256:[0-9a-f]{64}$/);
  expect(JSON.stringify(report)).not.toContain(SUBJECT);
  expect(report.provision!.journalStreams.some((s) => s.status === 'ACTIVE')).toBe(true);

  // Published by the report publisher: kept in the results table, recorded in the ledger, announced on the alerts bus.
  expect(await resultItem(first.execution.executionArn!, 'REPORT')).toMatchObject({ kind: 'lifecycle', verdict: 'PASSED', report: JSON.stringify(report), documentId: expect.any(String), eventPublished: true });
  expect(await resultItem(first.execution.executionArn!, 'PROGRESS')).toMatchObject({
    step: 'report',
    ingest: { committed: COUNT, total: COUNT },
    projection: { projected: COUNT, total: COUNT },
    proofs: { verified: COUNT, total: COUNT },
  });
  const [live] = await rows(`SELECT COUNT(*) AS n FROM ${TABLE}`);
  expect(live.get('n')!.numberValue()).toBe(COUNT - 1);
});

test('the erasure leaves no trace of the subject in the ledger history, the projection, or the data directory', async () => {
  expect(first?.report.verdict).toBe('PASSED');
  const history = await rows(`SELECT * FROM history(${TABLE})`);
  expect(history.length).toBeGreaterThan(COUNT);
  expect(history.filter((revision) => revision.get('data') && dumpText(revision.get('data')).includes(SUBJECT))).toEqual([]);
  // The erased document: its first revision redacted (dataHash in place of data), then the deletion.
  const [erasedId] = await rows('SELECT VALUE e.documentId FROM LifecycleErasures AS e');
  const erased = await rows(`SELECT * FROM history(${TABLE}) AS h WHERE h.metadata.id = ?`, erasedId);
  expect(erased.map((r) => [r.get('metadata', 'version')!.numberValue(), Boolean(r.get('data')), Boolean(r.get('dataHash'))])).toEqual([
    [0, false, true],
    [1, false, false],
  ]);

  const dynamodb = new DynamoDBClient({});
  const holding: string[] = [];
  for await (const page of paginateScan({ client: dynamodb }, { TableName: env.runtime.outputs[OUTPUT_KEYS.projectionTableName] })) {
    for (const item of page.Items ?? []) if (JSON.stringify(item).includes(SUBJECT)) holding.push(`${item.pk?.S} ${item.sk?.S}`);
  }
  dynamodb.destroy();
  expect(holding).toEqual([]);

  // The journal is encrypted at rest; the other stores are not. DynamoDB Local's SQLite file keeps the bytes of
  // replaced and deleted items until SQLite reuses the space; the runtime compacts it once DynamoDB has been idle
  // after writes (docs/lifecycle.md#where-the-subjects-data-can-remain), so that file is clean soon after the erasure.
  expect(filesHolding(SUBJECT).filter((file) => file !== DYNAMODB_LOCAL_DATABASE)).toEqual([]);
  const deadline = Date.now() + DYNAMODB_COMPACTION_WAIT_MS;
  while (filesHolding(SUBJECT).length && Date.now() < deadline) await sleep(500);
  expect(filesHolding(SUBJECT)).toEqual([]);
  // The check can see plaintext: another record's email is in the files.
  expect(filesHolding(licenceRecord('walkthrough', 2).email).length).toBeGreaterThan(0);
});

test('re-running is a no-op: nothing committed twice, the erased record not ingested again, still PASSED', async () => {
  const again = await run(INPUT);
  expect(again.execution.status).toBe('SUCCEEDED');
  expect(again.report.failure).toBeUndefined();
  expect(again.report).toMatchObject({
    verdict: 'PASSED',
    provision: { tablesCreated: [], indexesCreated: [] },
    ingest: { total: COUNT, committed: 0, skipped: COUNT },
    verify: { projected: COUNT - 1, total: COUNT - 1 },
    audit: { verified: COUNT - 1 },
    erase: { documents: 0, deleted: 0, redacted: 0, clean: true },
  });
  const keys = (await rows(`SELECT VALUE h.data.licenceId FROM history(${TABLE}) AS h WHERE h.metadata.version = 0`)).map((k) => k.stringValue());
  expect(keys.filter((k) => k !== null)).toHaveLength(COUNT - 1);
  expect(new Set(keys).size).toBe(keys.length);
  const [live] = await rows(`SELECT COUNT(*) AS n FROM ${TABLE}`);
  expect(live.get('n')!.numberValue()).toBe(COUNT - 1);
});

test('a bad input fails the first step with a clear error, as an ERROR report, and changes nothing', async () => {
  const { execution, report } = await run({ ingest: [{ table: TABLE, generate: { count: 0 } }], batchSize: 41, colour: 'red' });
  expect(execution.status).toBe('SUCCEEDED');
  expect(report).toMatchObject({ verdict: 'ERROR', failure: { step: 'plan', error: 'InvalidLifecycleInput' } });
  expect(report.failure!.cause).toEqual(expect.stringContaining('input must NOT have additional properties (colour)'));
  expect(report.failure!.cause).toEqual(expect.stringContaining('input.batchSize must be <= 40'));
  expect(report.failure!.cause).toEqual(expect.stringContaining('input.ingest.0.generate.count must be >= 1'));
  expect(report.provision).toBeUndefined();
});
