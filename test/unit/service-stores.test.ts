import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KmsAlias, KmsKey } from '../../runtime/services/kms/model';
import { KmsStore } from '../../runtime/services/kms/store';
import type { EventSourceMapping, LambdaFunction } from '../../runtime/services/lambda/model';
import { LambdaStore } from '../../runtime/services/lambda/store';
import type { SqsQueue } from '../../runtime/services/sqs/model';
import { SqsStore } from '../../runtime/services/sqs/store';

/** State files an earlier keydrill wrote (test/fixtures/stores/README.md says how). */
const FIXTURES = join(__dirname, '..', 'fixtures', 'stores');
const fixture = (name: string) => readFileSync(join(FIXTURES, `${name}.json`), 'utf8');
/** The fixture's records, collection by collection. */
const recordsOf = <C>(name: string): { [K in keyof C]: C[K][] } => {
  const data: Record<string, Record<string, unknown>> = JSON.parse(fixture(name)).data;
  return Object.fromEntries(Object.entries(data).map(([collection, records]) => [collection, Object.values(records)])) as { [K in keyof C]: C[K][] };
};

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'keydrill-stores-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A copy of the fixture, for a store to load. */
function copied(name: string): string {
  const path = join(dir, `${name}.json`);
  copyFileSync(join(FIXTURES, `${name}.json`), path);
  return path;
}

describe('the KMS store', () => {
  it('reads a kms.json written before DurableRecords', () => {
    const store = new KmsStore(copied('kms'));
    const [symmetric, signing] = store.keys();
    expect(symmetric).toMatchObject({ description: 'fixture key', keySpec: 'SYMMETRIC_DEFAULT', tags: [{ TagKey: 'team', TagValue: 'drill' }] });
    expect(symmetric.materials).toHaveLength(2);
    expect(symmetric.grants.map((g) => g.name)).toEqual(['fixture-grant']);
    expect(signing).toMatchObject({ keySpec: 'ECC_NIST_P256', state: 'PendingDeletion', pendingWindowInDays: 7 });
    expect(store.aliasesOf(symmetric.keyId).map((a) => a.name)).toEqual(['alias/fixture']);
    expect(store.alias('alias/fixture-signing')?.targetKeyId).toBe(signing.keyId);
  });

  it('writes the same records byte for byte as the earlier keydrill did', () => {
    const path = join(dir, 'kms.json');
    const store = new KmsStore(path);
    const { keys, aliases } = recordsOf<{ keys: KmsKey; aliases: KmsAlias }>('kms');
    for (const key of keys) store.putKey(key);
    for (const alias of aliases) store.putAlias(alias);
    store.commit();
    expect(readFileSync(path, 'utf8')).toBe(fixture('kms'));
  });

  it('writes an empty state file as the earlier keydrill did', () => {
    const path = join(dir, 'kms.json');
    new KmsStore(path).reset();
    expect(readFileSync(path, 'utf8')).toBe('{"format":1,"kind":"kms","data":{"keys":{},"aliases":{}}}');
  });
});

describe('the SQS store', () => {
  it('reads an sqs.json written before DurableRecords', () => {
    const store = new SqsStore(copied('sqs'));
    expect(store.queues().map((q) => q.name)).toEqual(['fixture-empty', 'fixture-queue']);
    const queue = store.queue('fixture-queue')!;
    expect(queue.attributes.VisibilityTimeout).toBe('45');
    expect(queue.tags).toEqual({ team: 'drill' });
    expect(queue.messages.map((m) => [m.body, m.receiveCount])).toEqual([
      ['first', 1],
      ['second', 0],
    ]);
    expect(queue.messages[0].attributes?.blob).toEqual({ DataType: 'Binary', BinaryValue: 'AQID' });
  });

  it('writes the same records byte for byte as the earlier keydrill did', () => {
    const path = join(dir, 'sqs.json');
    const store = new SqsStore(path);
    for (const queue of recordsOf<{ queues: SqsQueue }>('sqs').queues) store.putQueue(queue);
    store.commit();
    expect(readFileSync(path, 'utf8')).toBe(fixture('sqs'));
  });

  it('writes an empty state file as the earlier keydrill did', () => {
    const path = join(dir, 'sqs.json');
    new SqsStore(path).reset();
    expect(readFileSync(path, 'utf8')).toBe('{"format":1,"kind":"sqs","data":{"queues":{}}}');
  });
});

describe('the Lambda store', () => {
  it('reads a lambda.json written before DurableRecords', () => {
    const store = new LambdaStore(copied('lambda'));
    expect(store.getFunction('echo')).toMatchObject({ entry: 'test/fixtures/lambda/echo.ts', timeoutSeconds: 5, environment: { GREETING: 'hello' }, reservedConcurrency: 3 });
    const [mapping] = store.listMappings();
    expect(mapping).toMatchObject({ functionArn: store.getFunction('echo')!.arn, enabled: false, batchSize: 5, startingPosition: 'TRIM_HORIZON' });
  });

  it('writes the same records byte for byte as the earlier keydrill did', () => {
    const path = join(dir, 'lambda.json');
    const store = new LambdaStore(path);
    const { functions, mappings } = recordsOf<{ functions: LambdaFunction; mappings: EventSourceMapping }>('lambda');
    for (const fn of functions) store.putFunction(fn);
    for (const mapping of mappings) store.putMapping(mapping);
    store.commit();
    expect(readFileSync(path, 'utf8')).toBe(fixture('lambda'));
  });

  it('tells its listeners after each commit, and keeps changes in memory until then', () => {
    const path = join(dir, 'lambda.json');
    const store = new LambdaStore(path);
    let notified = 0;
    store.onMappingsChanged(() => (notified += 1));
    const [mapping] = recordsOf<{ mappings: EventSourceMapping }>('lambda').mappings;
    store.putMapping(mapping);
    expect(notified).toBe(0);
    expect(new LambdaStore(path).listMappings()).toEqual([]);
    store.commit();
    expect(notified).toBe(1);
    expect(new LambdaStore(path).listMappings()).toEqual([mapping]);
  });
});
