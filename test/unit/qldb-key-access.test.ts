import type { Clock } from '../../runtime/core/clock';
import { ServiceError } from '../../runtime/core/errors';
import type { Caller } from '../../runtime/core/operation';
import { rootPrincipal } from '../../runtime/identity/principal';
import { AWS_OWNED_KMS_KEY } from '../../runtime/services/qldb/encryption/ledger-encryption';
import type { QldbKms } from '../../runtime/services/qldb/encryption/qldb-kms';
import type { LedgerEntry } from '../../runtime/services/qldb/ledger-registry';
import { KeyAccessCache } from '../../runtime/services/qldb/session/key-access';

const TTL = 1000;
const KMS_DENIAL = new ServiceError('AccessDeniedException', 'User: app is not authorized to perform: kms:Decrypt', 400);

/** A fake of QldbKms's decryptDenial: denies the callers in `denied`, counts the questions. */
function fakeKms() {
  const denied = new Set<string>();
  const asked: string[] = [];
  const kms = {
    decryptDenial: async (caller: Caller, keyArn: string) => {
      asked.push(`${caller.principal.arn} ${keyArn}`);
      if (keyArn === 'arn:key/broken') throw new ServiceError('DisabledException', 'disabled', 400);
      return denied.has(caller.principal.arn) ? KMS_DENIAL : undefined;
    },
  };
  return { kms: kms as unknown as QldbKms, denied, asked };
}

const entry = (kmsKey: string, keyTag: string): LedgerEntry =>
  ({ metadata: { arn: 'arn:ledger/l', encryption: { dataKeys: [{ kmsKey, keyTag, wrapped: 'AAAA' }] } } }) as unknown as LedgerEntry;
const app: Caller = { principal: { ...rootPrincipal('111111111111'), arn: 'arn:role/app' } };
const admin: Caller = { principal: rootPrincipal('111111111111') };

/** A runtime clock that moves only when told (a wall clock ticking past a TTL made the first test flaky in CI). */
class StoppedClock implements Clock {
  private static readonly START = Date.parse('2026-12-02T10:00:00Z');
  private ms = StoppedClock.START;
  now(): Date {
    return new Date(this.ms);
  }
  advance(ms: number): void {
    this.ms += ms;
  }
  reset(): void {
    this.ms = StoppedClock.START;
  }
}

function setup() {
  const clock = new StoppedClock();
  const fake = fakeKms();
  return { clock, ...fake, cache: new KeyAccessCache(fake.kms, clock, TTL) };
}

test('an allowed caller is asked once per TTL, then again', async () => {
  const { cache, clock, asked } = setup();
  const ledger = entry('arn:key/a', 'tag-1');
  await cache.require(app, ledger);
  clock.advance(TTL - 1);
  await cache.require(app, ledger);
  expect(asked).toHaveLength(1);
  clock.advance(1);
  await cache.require(app, ledger);
  expect(asked).toHaveLength(2);
});

test("a denial becomes QLDB's AccessDeniedException with KMS's reason; access taken away shows after the TTL", async () => {
  const { cache, clock, denied } = setup();
  const ledger = entry('arn:key/a', 'tag-1');
  await cache.require(app, ledger);
  denied.add(app.principal.arn);
  await expect(cache.require(app, ledger)).resolves.toBeUndefined();
  clock.advance(TTL);
  const err = await cache.require(app, ledger).catch((e: ServiceError) => e);
  expect(err).toBeInstanceOf(ServiceError);
  expect([(err as ServiceError).code, (err as ServiceError).message]).toEqual([
    'AccessDeniedException',
    `The user does not have permissions to use the customer managed KMS key of the ledger. ${KMS_DENIAL.message}`,
  ]);
  await cache.require(admin, ledger);
});

test('a new data key (the ledger moved to another key) is asked about at once', async () => {
  const { cache, asked, denied } = setup();
  await cache.require(app, entry('arn:key/a', 'tag-1'));
  denied.add(app.principal.arn);
  await expect(cache.require(app, entry('arn:key/b', 'tag-2'))).rejects.toMatchObject({ code: 'AccessDeniedException' });
  expect(asked).toEqual(['arn:role/app arn:key/a', 'arn:role/app arn:key/b']);
});

test('concurrent commands share one question', async () => {
  const { cache, asked } = setup();
  const ledger = entry('arn:key/a', 'tag-1');
  await Promise.all([cache.require(app, ledger), cache.require(app, ledger), cache.require(app, ledger)]);
  expect(asked).toHaveLength(1);
});

test('a clock moved back makes the remembered answer stale', async () => {
  const { cache, clock, asked } = setup();
  const ledger = entry('arn:key/a', 'tag-1');
  clock.advance(5000);
  await cache.require(app, ledger);
  clock.reset();
  await cache.require(app, ledger);
  expect(asked).toHaveLength(2);
});

test("a key KMS refuses for other reasons is the key check's business, and AWS-owned keys are never asked about", async () => {
  const { cache, asked } = setup();
  await expect(cache.require(app, entry('arn:key/broken', 'tag-9'))).resolves.toBeUndefined();
  await cache.require(app, entry(AWS_OWNED_KMS_KEY, 'tag-0'));
  expect(asked).toEqual(['arn:role/app arn:key/broken']);
});

test('a TTL of 0 asks every time', async () => {
  const clock = new StoppedClock();
  const { kms, asked } = fakeKms();
  const cache = new KeyAccessCache(kms, clock, 0);
  const ledger = entry('arn:key/a', 'tag-1');
  for (let i = 0; i < 3; i++) await cache.require(app, ledger);
  expect(asked).toHaveLength(3);
});

test('past 10,000 remembered answers the cache starts over', async () => {
  const { cache, asked } = setup();
  const ledger = entry('arn:key/a', 'tag-1');
  const caller = (i: number): Caller => ({ principal: { ...rootPrincipal('111111111111'), arn: `arn:role/r${i}` } });
  for (let i = 0; i < 10_000; i++) await cache.require(caller(i), ledger);
  await cache.require(caller(0), ledger);
  expect(asked).toHaveLength(10_000);
  await cache.require(caller(10_000), ledger);
  await cache.require(caller(0), ledger);
  expect(asked).toHaveLength(10_002);
});
