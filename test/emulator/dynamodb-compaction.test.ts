import { CreateTableCommand, DeleteItemCommand, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { useRuntime } from '../helpers/runtime';
import { tempDataDir } from '../helpers/temp-data-dir';

/**
 * DynamoDB Local's SQLite file keeps the bytes of deleted and replaced items until SQLite reuses the space;
 * the runtime compacts it once DynamoDB has been idle after writes, and when it stops
 * (docs/lifecycle.md#where-the-subjects-data-can-remain).
 */
const IDLE_MS = 400;
const dataDir = tempDataDir('dynamodb-compaction');
const databaseFile = join(dataDir, 'dynamodb', 'shared-local-instance.db');
const env = useRuntime({ dataDir, dynamodb: { compactAfterIdleMs: IDLE_MS } });
const TableName = 'Subjects';
const ROUNDS = 3;

const fileHolds = (text: string) => existsSync(databaseFile) && readFileSync(databaseFile).includes(Buffer.from(text, 'utf8'));

async function until(what: string, check: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await sleep(100);
  }
}

const put = (id: string, email: string) => env.clients.dynamodb.send(new PutItemCommand({ TableName, Item: { id: { S: id }, email: { S: email }, pad: { S: 'x'.repeat(300) } } }));
const remove = (id: string) => env.clients.dynamodb.send(new DeleteItemCommand({ TableName, Key: { id: { S: id } } }));
const emailOf = async (id: string) => (await env.clients.dynamodb.send(new GetItemCommand({ TableName, Key: { id: { S: id } }, ConsistentRead: true }))).Item?.email?.S;

beforeAll(async () => {
  await env.clients.dynamodb.send(new CreateTableCommand({ TableName, KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }], BillingMode: 'PAY_PER_REQUEST' }));
  await put('kept', 'kept.person@example.com');
});

test('a deleted item’s bytes leave the file once DynamoDB has been idle; what is live stays readable', async () => {
  await put('erased', 'erased.subject@example.com');
  await remove('erased');
  // Still in the file right after the delete: SQLite leaves the space to be reused (so the check below can fail).
  expect(fileHolds('erased.subject@example.com')).toBe(true);
  await until('the compaction removed the deleted item’s bytes', () => !fileHolds('erased.subject@example.com'));
  expect(fileHolds('kept.person@example.com')).toBe(true);
  expect(await emailOf('kept')).toBe('kept.person@example.com');
  expect(await emailOf('erased')).toBeUndefined();
});

test('requests that arrive while the file is compacted wait for it and succeed', async () => {
  const answers: (string | undefined)[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    await put(`replaced-${round}`, `replaced-${round}@example.com`);
    await put(`replaced-${round}`, `now-${round}@example.com`);
    // Around the idle time, so that some of these reads come while a compaction has the JVM stopped.
    await sleep(IDLE_MS - 100 + round * 100);
    answers.push(await emailOf(`replaced-${round}`));
  }
  expect(answers).toEqual([...Array(ROUNDS).keys()].map((round) => `now-${round}@example.com`));
  await until('every replaced value left the file', () => [...Array(ROUNDS).keys()].every((round) => !fileHolds(`replaced-${round}@example.com`)));
});

test('a stop compacts the file, and a restart finds every live item', async () => {
  await env.restart({ dynamodb: { compactAfterIdleMs: 3_600_000 } });
  await put('at-stop', 'gone.at.stop@example.com');
  await remove('at-stop');
  expect(fileHolds('gone.at.stop@example.com')).toBe(true);
  await env.restart();
  expect(fileHolds('gone.at.stop@example.com')).toBe(false);
  expect(await emailOf('kept')).toBe('kept.person@example.com');
  expect(await emailOf(`replaced-${ROUNDS - 1}`)).toBe(`now-${ROUNDS - 1}@example.com`);
});
