import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { GetDigestCommand, QLDBClient } from '@aws-sdk/client-qldb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { QldbDriver } from 'amazon-qldb-driver-nodejs';
import { load, type dom } from 'ion-js';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { NumberValue } from '@aws-sdk/lib-dynamodb';
import { ProjectionQueries } from '../../cli/projection-queries';
import { ionStructToItem } from '../../functions/domain/projection/ion-to-dynamodb';
import { OUTPUT_KEYS } from '../../infra/stacks/keydrill-stack';
import { keydrillTemplate, roleNameOf } from '../helpers/keydrill-stack';
import { qldbDriver } from '../helpers/qldb';
import { useRuntime } from '../helpers/runtime';
import { tempDataDir } from '../helpers/temp-data-dir';

/**
 * The whole pipeline on the deployed stack: documents written through the real driver stream from the
 * journal to Kinesis, the projector Lambda (run by the event source mapping) writes DynamoDB, and the
 * projection equals the ledger's committed view item by item — current documents, deletions, every
 * revision of the history, and a redaction.
 */
jest.setTimeout(180_000);

const TABLES = ['Vehicle', 'Person'] as const;
const WAIT_MS = 90_000;

const env = useRuntime({ dataDir: tempDataDir('drill'), stack: keydrillTemplate() });
let admin: QldbDriver;
let app: QldbDriver;
let projection: ProjectionQueries;

/** A revision of the ledger, as the projection should show it (through the projector's own Ion mapping). */
interface ExpectedRevision {
  documentId: string;
  tableName: string;
  version: number;
  txId: string;
  txTime: string;
  blockAddress: { strandId: string; sequenceNo: number };
  data?: unknown;
  deleted?: boolean;
  redacted?: boolean;
}

const text = (value: dom.Value | null) => value?.stringValue() ?? undefined;
const dynamoView = (struct: dom.Value) => unmarshall(ionStructToItem(struct), { wrapNumbers: true });

function expectedRevision(tableName: string, row: dom.Value): ExpectedRevision {
  const metadata = row.get('metadata')!;
  const data = row.get('data');
  return {
    documentId: text(metadata.get('id'))!,
    tableName,
    version: metadata.get('version')!.numberValue()!,
    txId: text(metadata.get('txId'))!,
    txTime: metadata.get('txTime')!.timestampValue()!.toString(),
    blockAddress: { strandId: text(row.get('blockAddress', 'strandId'))!, sequenceNo: row.get('blockAddress', 'sequenceNo')!.numberValue()! },
    ...(data ? { data: dynamoView(data) } : row.get('dataHash') ? { redacted: true } : { deleted: true }),
  };
}

/** What the projection holds of a revision, in the same shape. */
function projectedRevision(item: Record<string, any>): ExpectedRevision {
  return {
    documentId: item.documentId,
    tableName: item.tableName,
    version: Number(item.version),
    txId: item.txId,
    txTime: item.txTime,
    blockAddress: { strandId: item.blockAddress.strandId, sequenceNo: Number(item.blockAddress.sequenceNo) },
    ...(item.data ? { data: item.data } : item.redacted ? { redacted: true } : { deleted: true }),
  };
}

/** JSON with object keys sorted: DynamoDB keeps no field order, so only the content is compared. */
function canonical(value: unknown): string {
  if (value instanceof NumberValue) return `n:${value.toString()}`;
  if (value instanceof Uint8Array) return JSON.stringify(Buffer.from(value).toString('base64'));
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    return `{${entries
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

const rows = async (driver: QldbDriver, statement: string) => (await driver.executeLambda((txn) => txn.execute(statement))).getResultList();

/** Every difference between the ledger and its projection (empty when they agree). */
async function differences(): Promise<string[]> {
  const problems: string[] = [];
  for (const table of TABLES) {
    const committed = (await rows(admin, `SELECT * FROM _ql_committed_${table}`)).map((row) => expectedRevision(table, row));
    const live = new Map((await projection.tableDocuments(table)).map((item) => [item.documentId as string, projectedRevision(item)]));
    if (live.size !== committed.length) problems.push(`${table}: ${live.size} live documents projected, ${committed.length} in the ledger`);
    for (const revision of committed) {
      const projected = live.get(revision.documentId);
      const single = await projection.document(table, revision.documentId);
      if (canonical(projected) !== canonical(revision) || !single || canonical(projectedRevision(single)) !== canonical(revision)) {
        problems.push(`${table}/${revision.documentId}: projected ${canonical(projected)}, ledger ${canonical(revision)}`);
      }
    }
    const history = (await rows(admin, `SELECT * FROM history(${table})`)).map((row) => expectedRevision(table, row));
    for (const documentId of new Set(history.map((r) => r.documentId))) {
      const expected = history.filter((r) => r.documentId === documentId).sort((a, b) => a.version - b.version);
      const projected = (await projection.history(table, documentId)).map(projectedRevision);
      if (canonical(projected) !== canonical(expected)) problems.push(`${table}/${documentId} history: projected ${canonical(projected)}, ledger ${canonical(expected)}`);
      const deleted = !committed.some((r) => r.documentId === documentId);
      if (deleted && (await projection.document(table, documentId))) problems.push(`${table}/${documentId} is deleted in the ledger but live in the projection`);
    }
  }
  return problems;
}

async function projectionCatchesUp(): Promise<string[]> {
  const deadline = Date.now() + WAIT_MS;
  let problems = await differences();
  while (problems.length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    problems = await differences();
  }
  return problems;
}

env.onStop(() => {
  projection?.destroy();
  admin?.close();
  app?.close();
});

beforeAll(async () => {
  for (const [name, value] of Object.entries(env.runtime.env)) process.env[name] = value;
  admin = qldbDriver(env.runtime, env.runtime.outputs[OUTPUT_KEYS.ledgerName]);
  app = qldbDriver(env.runtime, env.runtime.outputs[OUTPUT_KEYS.ledgerName], { credentials: env.runtime.roleCredentials(roleNameOf(env.runtime.outputs[OUTPUT_KEYS.appRoleArn])) });
  projection = new ProjectionQueries(env.runtime.outputs[OUTPUT_KEYS.projectionTableName]);
  await admin.executeLambda(async (txn) => {
    for (const table of TABLES) await txn.execute(`CREATE TABLE ${table}`);
    await txn.execute('CREATE INDEX ON Vehicle (VIN)');
  });
});

test('documents written through the driver are projected exactly, deletions and a redaction included', async () => {
  const vins = Array.from({ length: 30 }, (_, i) => `VIN${String(i).padStart(4, '0')}`);
  await app.executeLambda(async (txn) => {
    for (const vin of vins.slice(0, 15)) await txn.execute('INSERT INTO Vehicle ?', { VIN: vin, Year: 2000 + (vin.length % 20), Owner: { Name: 'Ada', Since: new Date('2020-01-02T03:04:05.678Z') }, Tags: ['a', 1, 2.5] });
  });
  for (const vin of vins.slice(15)) await app.executeLambda((txn) => txn.execute('INSERT INTO Vehicle ?', { VIN: vin, Year: 2024, Price: 12345678901234567890n }));
  await app.executeLambda((txn) => txn.execute('INSERT INTO Person ?', [{ Name: 'Grace', Born: 1906 }, { Name: 'Alan', Born: 1912 }]));
  await app.executeLambda((txn) => txn.execute("UPDATE Vehicle AS v SET v.Year = 1999 WHERE v.VIN = 'VIN0003'"));
  await app.executeLambda((txn) => txn.execute("UPDATE Vehicle AS v SET v.Color = 'red' WHERE v.VIN IN ('VIN0004', 'VIN0020')"));
  await app.executeLambda((txn) => txn.execute("DELETE FROM Vehicle AS v WHERE v.VIN IN ('VIN0005', 'VIN0021')"));
  await app.executeLambda((txn) => txn.execute("DELETE FROM Person AS p WHERE p.Name = 'Alan'"));

  // Redact the first revision of VIN0003 (it has a newer one, as QLDB requires).
  const [first] = await rows(admin, "SELECT * FROM history(Vehicle) AS h WHERE h.data.VIN = 'VIN0003'");
  const [tableId] = await rows(admin, "SELECT VALUE t.tableId FROM information_schema.user_tables AS t WHERE t.name = 'Vehicle'");
  await admin.executeLambda((txn) => txn.execute('EXEC REDACT_REVISION ?, ?, ?', first.get('blockAddress'), text(tableId), text(first.get('metadata', 'id'))));

  expect(await projectionCatchesUp()).toEqual([]);

  const redactedId = text(first.get('metadata', 'id'))!;
  const history = await projection.history('Vehicle', redactedId);
  expect(history.map((r) => [Number(r.version), Boolean(r.redacted), r.data === undefined])).toEqual([
    [0, true, true],
    [1, false, false],
  ]);
  const dynamodb = new DynamoDBClient({});
  const { Count } = await dynamodb.send(new ScanCommand({ TableName: env.runtime.outputs[OUTPUT_KEYS.quarantineTableName], Select: 'COUNT' }));
  dynamodb.destroy();
  expect(Count).toBe(0);
});

describe('keydrill query', () => {
  const keydrill = (...args: string[]) =>
    new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, [join(__dirname, '..', '..', 'bin', 'keydrill.js'), 'query', ...args], { env: { ...process.env, ...env.runtime.env } }, (error, stdout, stderr) =>
        resolve({ code: error ? (error.code as number) : 0, stdout, stderr }),
      );
    });
  const lines = (stdout: string) => stdout.trim().split('\n').map((line) => JSON.parse(line));

  test('prints the live documents of a table, and one document with its history, as JSON lines', async () => {
    const people = await keydrill('--table', 'Person', '--json');
    expect(people.code).toBe(0);
    expect(lines(people.stdout)).toEqual([expect.objectContaining({ tableName: 'Person', version: 0, data: { Name: 'Grace', Born: 1906 } })]);

    const [grace] = lines(people.stdout);
    const history = await keydrill('--table', 'Person', '--id', grace.documentId, '--history', '--json');
    expect(lines(history.stdout).map((r) => r.version)).toEqual([0]);
    const one = await keydrill('--table', 'Person', '--id', grace.documentId);
    expect(one.stdout.startsWith(`${grace.documentId}  v0  ${grace.txTime}  {`)).toBe(true);
    expect(JSON.parse(one.stdout.trim().split('  ')[3])).toEqual({ Name: 'Grace', Born: 1906 });
  });

  test('says what is wrong and exits non-zero', async () => {
    expect(await keydrill('--table', 'Person', '--history')).toMatchObject({ code: 1, stderr: expect.stringContaining('--history needs --id') });
    expect(await keydrill('--table', 'Person', '--id', 'nosuchdocument0000000')).toMatchObject({ code: 1, stderr: expect.stringContaining('no document nosuchdocument0000000 in table Person') });
  });
});

test('the progress item tells how far the projection has got', async () => {
  const ledger = env.runtime.outputs[OUTPUT_KEYS.ledgerName];
  const qldb = new QLDBClient({});
  const { DigestTipAddress } = await qldb.send(new GetDigestCommand({ Name: ledger }));
  qldb.destroy();
  const tip = load(DigestTipAddress!.IonText!)!.get('sequenceNo')!.numberValue()!;
  const deadline = Date.now() + WAIT_MS;
  let progress = await projection.progress(ledger);
  while (Number(progress?.lastBlockSequenceNo ?? -1) < tip && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    progress = await projection.progress(ledger);
  }
  expect(Number(progress!.lastBlockSequenceNo)).toBeGreaterThanOrEqual(tip);
  expect(progress).toMatchObject({ lastBlockTimestamp: expect.any(String), streamCreatedAt: expect.any(String) });
  expect(Number(progress!.lagMs)).toBeGreaterThanOrEqual(0);
});
