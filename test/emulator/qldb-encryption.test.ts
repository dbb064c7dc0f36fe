import { CreateKeyCommand, DisableKeyCommand, ListKeysCommand, ScheduleKeyDeletionCommand, EnableKeyCommand, ListGrantsCommand, PutKeyPolicyCommand, GetKeyPolicyCommand, RevokeGrantCommand, UpdateAliasCommand } from '@aws-sdk/client-kms';
import { CreateLedgerCommand, DeleteLedgerCommand, DescribeLedgerCommand, UpdateLedgerCommand, type DescribeLedgerResponse } from '@aws-sdk/client-qldb';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { QldbDriver } from 'amazon-qldb-driver-nodejs';
import { DAY_MS } from '../../runtime/core/clock';
import { keydrillTemplate, roleNameOf } from '../helpers/keydrill-stack';
import { QLDBSessionClient } from '@aws-sdk/client-qldb-session';
import { qldbDriver, RawSession } from '../helpers/qldb';
import { clientConfig, rejectionOf, useRuntime } from '../helpers/runtime';
import { tempDataDir } from '../helpers/temp-data-dir';

const CACHE_MS = 60_000;
/** How long an answer about the caller's access to the ledger's key is reused (qldbSession.keyAccessCacheMs). */
const KEY_ACCESS_MS = 5_000;
const MARKER = 'PLAINTEXT-MARKER-7c1f';
const dataDir = tempDataDir('enc');
const qldbEncryption = (keyUpdateMinimumMs: number) => ({ keyCheckIntervalMs: 25, dataKeyCacheMs: CACHE_MS, keyUpdateMinimumMs });
const env = useRuntime({ dataDir, stack: keydrillTemplate(), qldbEncryption: qldbEncryption(200), qldbSession: { keyAccessCacheMs: KEY_ACCESS_MS } }, { timeoutMs: 60_000 });
let admin: QldbDriver;
let app: QldbDriver;
let outputs: Record<string, string>;

function openDrivers(): void {
  outputs = env.runtime.outputs;
  admin = qldbDriver(env.runtime, outputs.LedgerName);
  app = qldbDriver(env.runtime, outputs.LedgerName, { credentials: env.runtime.roleCredentials(roleNameOf(outputs.AppRoleArn)) });
}
env.onStop(() => {
  admin?.close();
  app?.close();
});

/** Stops the runtime and starts it again on the same data directory, with the given minimum time between key updates. */
async function restart(keyUpdateMinimumMs = 200): Promise<void> {
  await env.restart({ qldbEncryption: qldbEncryption(keyUpdateMinimumMs), qldbSession: { keyAccessCacheMs: KEY_ACCESS_MS } });
  openDrivers();
}

const describe_ = () => env.clients.qldb.send(new DescribeLedgerCommand({ Name: outputs.LedgerName }));

/** Polls DescribeLedger until `test` holds (the key check runs every 25 ms). */
async function until(test: (d: DescribeLedgerResponse) => boolean): Promise<DescribeLedgerResponse> {
  for (let i = 0; i < 400; i++) {
    const d = await describe_();
    if (test(d)) return d;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`DescribeLedger never reached the expected state: ${JSON.stringify(await describe_())}`);
}

const readVin = (driver: QldbDriver) => driver.executeLambda((txn) => txn.execute("SELECT VALUE v.Note FROM Vehicle AS v WHERE v.VIN = 'ENC-1'")).then((r) => r.getResultList().map((v) => v.stringValue()));

beforeAll(async () => {
  openDrivers();
  await admin.executeLambda(async (txn) => {
    await txn.execute('CREATE TABLE Vehicle');
    await txn.execute('CREATE INDEX ON Vehicle (VIN)');
  });
  await app.executeLambda((txn) => txn.execute('INSERT INTO Vehicle ?', { VIN: 'ENC-1', Note: MARKER }));
}, 60_000);


describe('the stack ledger on the ledger key', () => {
  it('reports the key behind the alias, not the alias', async () => {
    const d = await describe_();
    expect(d.EncryptionDescription).toEqual({ KmsKeyArn: outputs.LedgerKeyArn, EncryptionStatus: 'ENABLED' });
  });

  it('keeps its key when the alias is re-pointed', async () => {
    const kms = env.clients.kms;
    await kms.send(new UpdateAliasCommand({ AliasName: outputs.LedgerKeyAlias, TargetKeyId: outputs.RotateKeyArn }));
    try {
      await new Promise((r) => setTimeout(r, 100));
      expect((await describe_()).EncryptionDescription!.KmsKeyArn).toBe(outputs.LedgerKeyArn);
      expect(await readVin(app)).toEqual([MARKER]);
    } finally {
      await kms.send(new UpdateAliasCommand({ AliasName: outputs.LedgerKeyAlias, TargetKeyId: outputs.LedgerKeyArn }));
    }
  });

  it('keeps no plaintext document content in the data directory', () => {
    const files = (dir: string): string[] => readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? files(join(dir, n)) : [join(dir, n)]));
    const all = files(dataDir);
    expect(all.some((f) => f.includes(join('qldb', outputs.LedgerName)))).toBe(true);
    for (const file of all) expect(readFileSync(file).includes(Buffer.from(MARKER))).toBe(false);
  });
});

describe('STANDARD permissions for the application role', () => {
  it('lets it read and write documents', async () => {
    await app.executeLambda((txn) => txn.execute('INSERT INTO Vehicle ?', { VIN: 'ENC-2' }));
    const rows = await app.executeLambda((txn) => txn.execute("SELECT * FROM Vehicle AS v WHERE v.VIN = 'ENC-2'"));
    expect(rows.getResultList()).toHaveLength(1);
    expect((await app.getTableNames()).sort()).toEqual(['Vehicle']);
  });

  it('refuses it DDL and redaction, naming the action', async () => {
    const ddl = await rejectionOf(app.executeLambda((txn) => txn.execute('CREATE TABLE Sneaky')));
    expect(ddl.name).toBe('AccessDeniedException');
    expect(ddl.message).toMatch(/qldb:PartiQLCreateTable/);
    const index = await rejectionOf(app.executeLambda((txn) => txn.execute('CREATE INDEX ON Vehicle (Note)')));
    expect(index.message).toMatch(/qldb:PartiQLCreateIndex on resource: arn:aws:qldb:.*:ledger\/keydrill-ledger\/table\/[A-Za-z0-9]{22}/);
  });
});

describe('key impairment and recovery', () => {
  const kms = () => env.clients.kms;

  it('serves from cached data keys, then refuses every command, while the key is disabled; recovers by itself', async () => {
    await kms().send(new DisableKeyCommand({ KeyId: outputs.LedgerKeyArn }));
    const impaired = await until((d) => d.EncryptionDescription?.EncryptionStatus === 'KMS_KEY_INACCESSIBLE');
    const since = impaired.EncryptionDescription!.InaccessibleKmsKeyDateTime!;
    expect(since).toBeInstanceOf(Date);
    expect(await readVin(app)).toEqual([MARKER]);
    env.runtime.clock.advance(CACHE_MS + 1000);
    const err = await rejectionOf(readVin(admin));
    expect(err.name).toBe('BadRequestException');
    expect(err.message).toMatch(/does not have grant access to the customer managed KMS key/);
    expect((await describe_()).EncryptionDescription!.InaccessibleKmsKeyDateTime).toEqual(since);
    await kms().send(new EnableKeyCommand({ KeyId: outputs.LedgerKeyArn }));
    const recovered = await until((d) => d.EncryptionDescription?.EncryptionStatus === 'ENABLED');
    expect(recovered.EncryptionDescription!.InaccessibleKmsKeyDateTime).toBeUndefined();
    expect(await readVin(app)).toEqual([MARKER]);
  });

  it('is impaired when QLDB loses its grant, and recovers when UpdateLedger grants it again', async () => {
    const { Grants } = await kms().send(new ListGrantsCommand({ KeyId: outputs.LedgerKeyArn }));
    const grant = Grants!.find((g) => g.GranteePrincipal === 'qldb.amazonaws.com')!;
    await kms().send(new RevokeGrantCommand({ KeyId: outputs.LedgerKeyArn, GrantId: grant.GrantId }));
    await until((d) => d.EncryptionDescription?.EncryptionStatus === 'KMS_KEY_INACCESSIBLE');
    await env.clients.qldb.send(new UpdateLedgerCommand({ Name: outputs.LedgerName, KmsKey: outputs.LedgerKeyArn }));
    await until((d) => d.EncryptionDescription?.EncryptionStatus === 'ENABLED');
    expect(await readVin(app)).toEqual([MARKER]);
  });

  it('is impaired when the key policy stops letting QLDB use the key', async () => {
    const { Policy } = await kms().send(new GetKeyPolicyCommand({ KeyId: outputs.LedgerKeyArn, PolicyName: 'default' }));
    const doc = JSON.parse(Policy!);
    const withoutQldb = { ...doc, Statement: doc.Statement.filter((s: { Sid?: string }) => !/QLDB/.test(s.Sid ?? '')) };
    await kms().send(new PutKeyPolicyCommand({ KeyId: outputs.LedgerKeyArn, PolicyName: 'default', Policy: JSON.stringify(withoutQldb) }));
    await until((d) => d.EncryptionDescription?.EncryptionStatus === 'KMS_KEY_INACCESSIBLE');
    await kms().send(new PutKeyPolicyCommand({ KeyId: outputs.LedgerKeyArn, PolicyName: 'default', Policy: Policy! }));
    await until((d) => d.EncryptionDescription?.EncryptionStatus === 'ENABLED');
  });
});

describe('a key whose policy does not let QLDB create grants', () => {
  it('cannot encrypt a new ledger: CreateLedger fails with KMS\'s reason and creates nothing', async () => {
    const policy = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${env.runtime.account}:root` }, Action: ['kms:DescribeKey', 'kms:PutKeyPolicy', 'kms:GetKeyPolicy'], Resource: '*' }],
    };
    const { KeyMetadata } = await env.clients.kms.send(new CreateKeyCommand({ Policy: JSON.stringify(policy) }));
    const err = await rejectionOf(env.clients.qldb.send(new CreateLedgerCommand({ Name: 'no-grant', PermissionsMode: 'ALLOW_ALL', KmsKey: KeyMetadata!.Arn })));
    expect(err.name).toBe('InvalidParameterException');
    expect(err.message).toMatch(/AccessDeniedException: .*kms:CreateGrant/);
    expect((await rejectionOf(env.clients.qldb.send(new DescribeLedgerCommand({ Name: 'no-grant' })))).name).toBe('ResourceNotFoundException');
  });
});

describe('a deleted key', () => {
  it('leaves its ledger inaccessible for good', async () => {
    const kms = env.clients.kms;
    const { KeyMetadata } = await kms.send(new CreateKeyCommand({ Description: 'doomed' }));
    const created = await env.clients.qldb.send(new CreateLedgerCommand({ Name: 'doomed-ledger', PermissionsMode: 'ALLOW_ALL', DeletionProtection: false, KmsKey: KeyMetadata!.KeyId }));
    expect(created.KmsKeyArn).toBe(KeyMetadata!.Arn);
    const doomed = qldbDriver(env.runtime, 'doomed-ledger');
    try {
      await doomed.executeLambda((txn) => txn.execute('CREATE TABLE T'));
      await kms.send(new ScheduleKeyDeletionCommand({ KeyId: KeyMetadata!.KeyId, PendingWindowInDays: 7 }));
      env.runtime.clock.advance(8 * DAY_MS);
      await kms.send(new ListKeysCommand({}));
      const status = () => env.clients.qldb.send(new DescribeLedgerCommand({ Name: 'doomed-ledger' })).then((d) => d.EncryptionDescription!.EncryptionStatus);
      for (let i = 0; i < 200 && (await status()) !== 'KMS_KEY_INACCESSIBLE'; i++) await new Promise((r) => setTimeout(r, 10));
      expect(await status()).toBe('KMS_KEY_INACCESSIBLE');
      await new Promise((r) => setTimeout(r, 150));
      expect(await status()).toBe('KMS_KEY_INACCESSIBLE');
      env.runtime.clock.advance(CACHE_MS + 1000);
      expect((await rejectionOf(doomed.executeLambda((txn) => txn.execute('SELECT * FROM T')))).name).toBe('BadRequestException');
    } finally {
      doomed.close();
      await env.clients.qldb.send(new DeleteLedgerCommand({ Name: 'doomed-ledger' }));
    }
  });
});

describe('moving the ledger to another key', () => {
  it('shows UPDATING while the journal is re-encrypted, then ENABLED, and keeps serving throughout', async () => {
    const updated = await env.clients.qldb.send(new UpdateLedgerCommand({ Name: outputs.LedgerName, KmsKey: outputs.StandbyKeyArn }));
    expect(updated.EncryptionDescription).toEqual({ KmsKeyArn: outputs.StandbyKeyArn, EncryptionStatus: 'UPDATING' });
    const second = await rejectionOf(env.clients.qldb.send(new UpdateLedgerCommand({ Name: outputs.LedgerName, KmsKey: outputs.RotateKeyArn })));
    expect([second.name, second.$metadata?.httpStatusCode]).toEqual(['ResourcePreconditionNotMetException', 412]);
    expect(await readVin(app)).toEqual([MARKER]);
    await app.executeLambda((txn) => txn.execute('INSERT INTO Vehicle ?', { VIN: 'ENC-3' }));
    await until((d) => d.EncryptionDescription?.EncryptionStatus === 'ENABLED');
    // The old key no longer matters: disabling it does not impair the ledger.
    await env.clients.kms.send(new DisableKeyCommand({ KeyId: outputs.LedgerKeyArn }));
    await new Promise((r) => setTimeout(r, 150));
    expect((await describe_()).EncryptionDescription!.EncryptionStatus).toBe('ENABLED');
    await env.clients.kms.send(new EnableKeyCommand({ KeyId: outputs.LedgerKeyArn }));
  });

  it("notices a key policy change on the application's open sessions within keyAccessCacheMs", async () => {
    const kms = env.clients.kms;
    expect(await readVin(app)).toEqual([MARKER]);
    const { Policy } = await kms.send(new GetKeyPolicyCommand({ KeyId: outputs.StandbyKeyArn, PolicyName: 'default' }));
    const policy = JSON.parse(Policy!) as { Statement: { Sid?: string }[] };
    const withoutApp = { ...policy, Statement: policy.Statement.filter((s) => s.Sid !== 'The application may decrypt') };
    expect(withoutApp.Statement.length).toBe(policy.Statement.length - 1);
    await kms.send(new PutKeyPolicyCommand({ KeyId: outputs.StandbyKeyArn, PolicyName: 'default', Policy: JSON.stringify(withoutApp) }));
    try {
      // The pooled session's answer is reused for at most KEY_ACCESS_MS of runtime clock, then KMS is asked again.
      env.runtime.clock.advance(KEY_ACCESS_MS);
      const err = await rejectionOf(readVin(app));
      expect(err.name).toBe('AccessDeniedException');
    } finally {
      await kms.send(new PutKeyPolicyCommand({ KeyId: outputs.StandbyKeyArn, PolicyName: 'default', Policy: Policy! }));
    }
    env.runtime.clock.advance(KEY_ACCESS_MS);
    expect(await readVin(app)).toEqual([MARKER]);
  });

  it('refuses the application role on a key it may not use, on sessions it already had open too, while the administrator still reads', async () => {
    // The application's driver has pooled sessions from the tests above: it connected before the change.
    expect(await readVin(app)).toEqual([MARKER]);
    const appSessions = new QLDBSessionClient(clientConfig(env.runtime, env.runtime.roleCredentials(roleNameOf(outputs.AppRoleArn))));
    const raw = await new RawSession(appSessions, outputs.LedgerName).start();
    await env.clients.qldb.send(new UpdateLedgerCommand({ Name: outputs.LedgerName, KmsKey: outputs.NoAccessKeyArn }));
    // The key change gives the ledger a new data key: the very next transaction is checked against it, no wait.
    const pooled = await rejectionOf(readVin(app));
    const onOpenSession = await rejectionOf(raw.begin());
    appSessions.destroy();
    expect(onOpenSession.name).toBe('AccessDeniedException');
    expect(pooled.name).toBe('AccessDeniedException');
    expect(pooled.message).toMatch(/^The user does not have permissions to use the customer managed KMS key of the ledger/);
    expect(pooled.message).toMatch(/kms:Decrypt/);
    await until((d) => d.EncryptionDescription?.EncryptionStatus === 'ENABLED');
    const fresh = qldbDriver(env.runtime, outputs.LedgerName, { credentials: env.runtime.roleCredentials(roleNameOf(outputs.AppRoleArn)) });
    try {
      expect((await rejectionOf(readVin(fresh))).name).toBe('AccessDeniedException');
    } finally {
      fresh.close();
    }
    expect(await readVin(admin)).toEqual([MARKER]);
  });

  it('keeps the encryption state, every document and a redaction across a restart', async () => {
    const query = (statement: string, ...params: unknown[]) => admin.executeLambda((txn) => txn.execute(statement, ...params)).then((r) => r.getResultList());
    const id = (await query("SELECT VALUE id FROM Vehicle AS v BY id WHERE v.VIN = 'ENC-2'"))[0].stringValue();
    const tableId = (await query("SELECT VALUE t.tableId FROM information_schema.user_tables AS t WHERE t.name = 'Vehicle'"))[0].stringValue();
    await query("UPDATE Vehicle AS v SET v.Note = 'second' WHERE v.VIN = 'ENC-2'");
    const [first] = await query('SELECT * FROM history(Vehicle) AS h WHERE h.metadata.id = ?', id);
    await query('EXEC REDACT_REVISION ?, ?, ?', first.get('blockAddress'), tableId, id);
    const before = (await describe_()).EncryptionDescription;
    await restart();
    expect((await describe_()).EncryptionDescription).toEqual(before);
    const rows = await admin.executeLambda((txn) => txn.execute('SELECT VALUE v.VIN FROM Vehicle AS v'));
    expect(rows.getResultList().map((v) => v.stringValue()).sort()).toEqual(['ENC-1', 'ENC-2', 'ENC-3']);
    const revisions = (await admin.executeLambda((txn) => txn.execute('SELECT * FROM history(Vehicle) AS h WHERE h.metadata.id = ?', id))).getResultList();
    expect(revisions.map((r) => [r.get('metadata', 'version')!.numberValue(), r.get('data') === null, r.get('dataHash') === null])).toEqual([
      [0, true, false],
      [1, false, true],
    ]);
  });

  it('finishes a key change that a restart interrupted', async () => {
    await restart(60_000);
    const updating = await env.clients.qldb.send(new UpdateLedgerCommand({ Name: outputs.LedgerName, KmsKey: outputs.RotateKeyArn }));
    expect(updating.EncryptionDescription!.EncryptionStatus).toBe('UPDATING');
    await restart();
    await until((d) => d.EncryptionDescription?.EncryptionStatus === 'ENABLED' && d.EncryptionDescription.KmsKeyArn === outputs.RotateKeyArn);
    const rows = await admin.executeLambda((txn) => txn.execute('SELECT VALUE v.VIN FROM Vehicle AS v'));
    expect(rows.getResultList()).toHaveLength(3);
    // The journal no longer needs the no-access key: disabling it leaves the ledger alone.
    await env.clients.kms.send(new DisableKeyCommand({ KeyId: outputs.NoAccessKeyArn }));
    await new Promise((r) => setTimeout(r, 150));
    expect((await describe_()).EncryptionDescription!.EncryptionStatus).toBe('ENABLED');
  });
});
