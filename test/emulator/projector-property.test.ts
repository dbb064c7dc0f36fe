import { CreateTableCommand, DynamoDBClient, QueryCommand, ScanCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import type { Context, KinesisStreamBatchResponse, KinesisStreamEvent } from 'aws-lambda';
import { load, Timestamp } from 'ion-js';
import { ionStructToItem } from '../../functions/domain/projection/ion-to-dynamodb';
import { useRuntime } from '../helpers/runtime';
import { tempDataDir } from '../helpers/temp-data-dir';
import { journalStreamRecords, kinesisEvent, LedgerModel, packageForKinesis, poisonRecords, SeededRandom, type ModelDocument, type ModelRevision, type PackagedShard } from '../fixtures/generators/stream-records';
import { control } from '../helpers/control-plane';

/**
 * In the spirit of KCL's own consumer test (docs/kinesis-consumers.md#how-kcl-tests-its-consumers): a seeded random ledger history goes through
 * the journal stream format to the real projector handler, delivered per shard as Lambda's event source
 * mapping would — at least once, duplicated, shards racing each other, DynamoDB failing now and then
 * (control-plane faults), the runtime restarted in the middle — and afterwards the projection is exactly
 * the ledger's committed view, and the quarantine exactly the poisoned records.
 */

type Handler = (event: KinesisStreamEvent, context: Context) => Promise<KinesisStreamBatchResponse>;

const SEED = 20240601;
/** About 2,800 revisions and 6,000 stream records; PROJECTOR_PROPERTY_TRANSACTIONS runs a longer soak. */
const TRANSACTIONS = Number(process.env.PROJECTOR_PROPERTY_TRANSACTIONS ?? 2000);
const SHARDS = 4;
const PROJECTION_TABLE = 'projection';
const QUARANTINE_TABLE = 'quarantine';
const TABLES = ['Accounts', 'Orders', 'Audit'];
const PROJECTED = ['Accounts', 'Orders'];

const env = useRuntime({ dataDir: tempDataDir('projector') }, { timeoutMs: 60_000 });
const savedEnv = { ...process.env };

async function createTables(client: DynamoDBClient): Promise<void> {
  const string = (AttributeName: string) => ({ AttributeName, AttributeType: 'S' as const });
  const gsi = (IndexName: string, hash: string) => ({
    IndexName,
    KeySchema: [
      { AttributeName: hash, KeyType: 'HASH' as const },
      { AttributeName: 'documentId', KeyType: 'RANGE' as const },
    ],
    Projection: { ProjectionType: 'ALL' as const },
  });
  await client.send(
    new CreateTableCommand({
      TableName: PROJECTION_TABLE,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: ['pk', 'sk', 'liveTable', 'indexKey', 'documentId'].map(string),
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: [gsi('byTable', 'liveTable'), gsi('byIndexedValue', 'indexKey')],
    }),
  );
  await client.send(
    new CreateTableCommand({
      TableName: QUARANTINE_TABLE,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [string('position')],
      KeySchema: [{ AttributeName: 'position', KeyType: 'HASH' }],
    }),
  );
}

async function scan(client: DynamoDBClient, TableName: string): Promise<Record<string, AttributeValue>[]> {
  const items: Record<string, AttributeValue>[] = [];
  let ExclusiveStartKey: Record<string, AttributeValue> | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName, ExclusiveStartKey, ConsistentRead: true }));
    items.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
}

/** JSON-comparable: binary as base64, projectedAt dropped (it is the time of the write). */
function normalize(value: unknown): unknown {
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (Array.isArray(value)) return value.map(normalize);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k, v]) => k !== 'projectedAt' && v !== undefined)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, normalize(v)]),
    );
  return value;
}

const ionText = (date: Date) => Timestamp.parse(date.toISOString())!.toString();

/** The ledger's committed view of a revision as projection items (the data through the projector's own mapping). */
function expectedItems(model: LedgerModel): Map<string, unknown> {
  const expected = new Map<string, unknown>();
  const revisionItem = (doc: ModelDocument, rev: ModelRevision, sk: string): Record<string, unknown> => {
    const item: Record<string, unknown> = {
      pk: { S: `DOC#${doc.id}` },
      sk: { S: sk },
      documentId: { S: doc.id },
      tableName: { S: doc.tableName },
      tableId: { S: doc.tableId },
      version: { N: String(rev.version) },
      txTime: { S: ionText(rev.txTime) },
      txId: { S: rev.txId },
      blockAddress: { M: { strandId: { S: model.strandId }, sequenceNo: { N: String(rev.sequenceNo) } } },
      revisionHash: { B: rev.hash },
    };
    if (rev.data === undefined) item.deleted = { BOOL: true };
    else if (rev.redacted) Object.assign(item, { redacted: { BOOL: true } }, rev.redactedFormStreamed ? { dataHash: { B: rev.dataHash } } : {});
    else item.data = { M: ionStructToItem(load(rev.data)!, 1) };
    return item;
  };
  for (const doc of model.documents.values()) {
    if (!PROJECTED.includes(doc.tableName)) continue;
    for (const rev of doc.revisions) {
      const sk = `V#${String(rev.version).padStart(10, '0')}`;
      expected.set(`DOC#${doc.id}|${sk}`, normalize(revisionItem(doc, rev, sk)));
    }
    const latest = doc.revisions.at(-1)!;
    const current = revisionItem(doc, latest, 'CURRENT');
    if (latest.data !== undefined) {
      current.liveTable = { S: doc.tableName };
      if (doc.tableName === 'Accounts') current.indexKey = { S: `Accounts#owner#${load(latest.data)!.get('owner')!.stringValue()}` };
    }
    expected.set(`DOC#${doc.id}|CURRENT`, normalize(current));
  }
  return expected;
}

/**
 * Lambda's Kinesis event source mapping for one shard (docs/kinesis-consumers.md#lambda-event-source-mapping), driven by hand: batches in
 * order, a thrown error retries the whole batch, batchItemFailures checkpoint before the lowest failed
 * record; now and then the checkpoint moves back (a failover re-reads records: duplicates).
 */
class ShardConsumer {
  checkpoint = 0;
  failedInvocations = 0;
  partialFailures = 0;
  constructor(
    private readonly shard: PackagedShard,
    readonly handler: Handler,
    private readonly random: SeededRandom,
  ) {}

  async consume(until: number, beforeInvoke: () => Promise<void>): Promise<void> {
    const end = Math.min(until, this.shard.records.length);
    while (this.checkpoint < end) {
      const batch = this.shard.records.slice(this.checkpoint, Math.min(end, this.checkpoint + 1 + this.random.int(25)));
      await beforeInvoke();
      let response: KinesisStreamBatchResponse;
      try {
        response = await this.handler(kinesisEvent(batch), {} as Context);
      } catch {
        this.failedInvocations++;
        continue;
      }
      const failed = (response?.batchItemFailures ?? []).map((f) => batch.findIndex((r) => r.kinesis.sequenceNumber === f.itemIdentifier));
      expect(failed.every((i) => i >= 0)).toBe(true);
      if (failed.length) this.partialFailures++;
      this.checkpoint += failed.length ? Math.min(...failed) : batch.length;
      if (this.random.chance(0.03)) this.checkpoint = Math.max(0, this.checkpoint - 1 - this.random.int(10));
    }
  }
}

async function postFault(fault: Record<string, unknown>): Promise<void> {
  const res = await control(env.runtime, 'faults', { method: 'POST', body: fault });
  expect(res.status).toBe(201);
}

beforeAll(() => {
  Object.assign(process.env, env.runtime.env, {
    // Failures must reach the batch layer, where the event source mapping retries them; SDK retries would hide them.
    AWS_MAX_ATTEMPTS: '1',
    PROJECTION_TABLE_NAME: PROJECTION_TABLE,
    QUARANTINE_TABLE_NAME: QUARANTINE_TABLE,
    PROJECTED_TABLES: PROJECTED.join(','),
    INDEXED_ATTRIBUTES: 'Accounts.owner',
  });
});

afterAll(() => {
  process.env = savedEnv;
});

test('the projection equals the ledger committed view after duplicates, reordering, faults and a restart', async () => {
  await createTables(env.clients.dynamodb);

  const model = new LedgerModel({ seed: SEED, transactions: TRANSACTIONS, tables: TABLES });
  const records = journalStreamRecords(model, { completed: true });
  const { shards, poisonPositions } = packageForKinesis(records, poisonRecords(model, 'Accounts'), model.random, {
    shards: SHARDS,
    duplicateShare: 0.05,
    streamArn: 'arn:aws:kinesis:us-east-1:000000000000:stream/keydrill-journal',
    corruptAggregate: true,
  });

  // One execution environment per shard, as Lambda runs one batch per shard at a time.
  const consumers = shards.map((shard, i) => {
    let handler: Handler | undefined;
    jest.isolateModules(() => {
      handler = require('../../functions/projector/handler').handler;
    });
    return new ShardConsumer(shard, handler!, new SeededRandom(SEED + i));
  });
  const faults = new SeededRandom(SEED - 1);
  let injected = 0;
  const maybeFault = async () => {
    if (!faults.chance(0.12)) return;
    injected++;
    const [errorCode, status] = faults.pick([
      ['ProvisionedThroughputExceededException', 400],
      ['InternalServerError', 500],
      ['ThrottlingException', 400],
    ] as const);
    await postFault({ service: 'dynamodb', operation: faults.pick(['TransactWriteItems', 'PutItem', 'UpdateItem', 'GetItem']), errorCode, status, count: 1 + faults.int(3) });
  };

  await Promise.all(consumers.map((c, i) => c.consume(Math.floor(shards[i].records.length / 2), maybeFault)));

  // DynamoDB unreachable: the whole batch fails (network errors are transient) and nothing is checkpointed.
  await env.restart({ port: env.runtime.port }, async () => {
    const outage = await rejectionOrResponse(consumers[0], shards[0]);
    expect(outage).toBe('failed');
  });

  await Promise.all(consumers.map((c) => c.consume(Infinity, maybeFault)));
  await control(env.runtime, 'faults', { method: 'DELETE' });

  const retried = consumers.reduce((n, c) => n + c.failedInvocations + c.partialFailures, 0);
  expect(injected).toBeGreaterThan(0);
  expect(retried).toBeGreaterThan(0);

  const verify = env.clients.dynamodb;
  const projected = await scan(verify, PROJECTION_TABLE);
  const progress = projected.filter((i) => i.pk.S === 'PROGRESS');
  const documents = new Map(projected.filter((i) => i.pk.S !== 'PROGRESS').map((i) => [`${i.pk.S}|${i.sk.S}`, normalize(i)]));
  const expected = expectedItems(model);
  expect([...documents.keys()].sort()).toEqual([...expected.keys()].sort());
  for (const [key, item] of expected) expect({ key, item: documents.get(key) }).toEqual({ key, item });

  const lastBlock = model.blocks.at(-1)!;
  expect(progress).toHaveLength(1);
  expect(progress[0]).toMatchObject({
    sk: { S: model.ledgerName },
    lastBlockSequenceNo: { N: String(lastBlock.sequenceNo) },
    lastBlockTimestamp: { S: ionText(lastBlock.timestamp) },
    streamId: { S: model.streamArn.split('/').at(-1) },
    streamCreatedAt: { S: expect.any(String) },
    streamCompletedAt: { S: expect.any(String) },
    lagMs: { N: expect.any(String) },
  });

  const quarantined = await scan(verify, QUARANTINE_TABLE);
  expect(new Map(quarantined.map((q) => [q.position.S, q.reason.S]))).toEqual(poisonPositions);

  // The indexes serve the queries the CLI runs.
  const liveAccounts = [...model.documents.values()].filter((d) => d.tableName === 'Accounts' && d.revisions.at(-1)!.data !== undefined);
  const byTable = await queryAll(verify, 'byTable', 'liveTable', 'Accounts');
  expect(byTable.map((i) => i.documentId.S).sort()).toEqual(liveAccounts.map((d) => d.id).sort());
  const ana = liveAccounts.filter((d) => load(d.revisions.at(-1)!.data!)!.get('owner')!.stringValue() === 'ana');
  const byOwner = await queryAll(verify, 'byIndexedValue', 'indexKey', 'Accounts#owner#ana');
  expect(byOwner.map((i) => i.documentId.S).sort()).toEqual(ana.map((d) => d.id).sort());
}, 240_000);

async function queryAll(client: DynamoDBClient, IndexName: string, attribute: string, value: string): Promise<Record<string, AttributeValue>[]> {
  const items: Record<string, AttributeValue>[] = [];
  let ExclusiveStartKey: Record<string, AttributeValue> | undefined;
  do {
    const page = await client.send(
      new QueryCommand({ TableName: PROJECTION_TABLE, IndexName, KeyConditionExpression: '#k = :v', ExpressionAttributeNames: { '#k': attribute }, ExpressionAttributeValues: { ':v': { S: value } }, ExclusiveStartKey }),
    );
    items.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
}

/** One invocation of a shard's next batch while the runtime is down: 'failed' if every record was reported or the invocation threw. */
async function rejectionOrResponse(consumer: ShardConsumer, shard: PackagedShard): Promise<'failed' | 'succeeded'> {
  const batch = shard.records.slice(consumer.checkpoint, consumer.checkpoint + 5);
  try {
    const response = await consumer.handler(kinesisEvent(batch), {} as Context);
    return response.batchItemFailures.length === batch.length ? 'failed' : 'succeeded';
  } catch {
    return 'failed';
  }
}
