import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { QldbDriver } from 'amazon-qldb-driver-nodejs';
import type { Runtime } from '../../runtime';
import { OUTPUT_KEYS } from '../../infra/stacks/output-keys';
import { keydrillTemplate, roleNameOf } from '../helpers/keydrill-stack';
import { qldbDriver } from '../helpers/qldb';
import { withRuntime } from '../helpers/runtime';
import { awsOk, concurrentTests, run } from './tools';

/**
 * The original walkthrough (qldb-kms-demo's README) verbatim with the AWS CLI against the keydrill stack,
 * its outputs read with `keydrill outputs`: an alias switch leaves the ledger on its key, a re-key goes
 * UPDATING → ENABLED, a disabled key makes the ledger KMS_KEY_INACCESSIBLE and enabling it recovers the
 * ledger. The runtime checks keys every 25 ms, as the other QLDB encryption tests do.
 */
jest.setTimeout(120_000);

const KEYDRILL = join(__dirname, '..', '..', 'bin', 'keydrill.js');
const VIN = 'WALK-1';

let runtime: Runtime;
let dataDir: string;
let app: QldbDriver;
let outputs: Record<string, string>;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'keydrill-walkthrough-'));
  runtime = await withRuntime({ dataDir, stack: keydrillTemplate(), qldbEncryption: { keyCheckIntervalMs: 25, keyUpdateMinimumMs: 500 } });
  const admin = qldbDriver(runtime, runtime.outputs[OUTPUT_KEYS.ledgerName]);
  await admin.executeLambda((txn) => txn.execute('CREATE TABLE Vehicle'));
  admin.close();
  app = qldbDriver(runtime, runtime.outputs[OUTPUT_KEYS.ledgerName], { credentials: runtime.roleCredentials(roleNameOf(runtime.outputs[OUTPUT_KEYS.appRoleArn])) });
  await app.executeLambda((txn) => txn.execute('INSERT INTO Vehicle ?', { VIN }));
}, 60_000);

afterAll(async () => {
  app?.close();
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** A keydrill command as a user runs it: the environment `keydrill up` prints, the SDK's own defaults. */
function keydrill(args: string[]) {
  const { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: _setByJestSetup, ...env } = process.env;
  return run(process.execPath, [KEYDRILL, ...args], { ...env, ...runtime.env });
}

const readVin = () => app.executeLambda((txn) => txn.execute('SELECT VALUE v.VIN FROM Vehicle AS v')).then((r) => r.getResultList().map((v) => v.stringValue()));

/** `aws qldb describe-ledger` until its EncryptionStatus is `status` (the key check runs every 25 ms). */
async function describeLedgerUntil(status: string): Promise<any> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const ledger = await awsOk(runtime, ['qldb', 'describe-ledger', '--name', outputs[OUTPUT_KEYS.ledgerName]]);
    if (ledger.EncryptionDescription.EncryptionStatus === status || Date.now() > deadline) return ledger;
  }
}

const scenario = concurrentTests();

describe('keydrill commands print no NodeVersionSupportWarning, whatever the Node version', () => {
  scenario('keydrill --help', async () => {
    const { code, stdout, stderr } = await keydrill(['--help']);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toMatch(/^Usage: keydrill/);
  });

  scenario('keydrill query, which makes a DynamoDB client', async () => {
    const { code, stderr } = await keydrill(['query', '--table', 'Vehicle']);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
  });
});

describe('the walkthrough, verbatim with the AWS CLI', () => {
  it('reads the stack outputs with aws cloudformation describe-stacks', async () => {
    const described = await awsOk(runtime, ['cloudformation', 'describe-stacks', '--query', 'Stacks[0].Outputs']);
    expect(Object.fromEntries(described.map((o: { OutputKey: string; OutputValue: string }) => [o.OutputKey, o.OutputValue]))).toEqual(runtime.outputs);
  });

  it('reads the stack outputs with keydrill outputs', async () => {
    const { code, stdout, stderr } = await keydrill(['outputs', '--data-dir', dataDir]);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    outputs = JSON.parse(stdout);
    expect(outputs).toEqual(runtime.outputs);
  });

  it('switches the alias: the ledger keeps its key and its documents stay readable', async () => {
    await awsOk(runtime, ['kms', 'update-alias', '--alias-name', outputs[OUTPUT_KEYS.ledgerKeyAlias], '--target-key-id', outputs[OUTPUT_KEYS.rotateKeyArn]]);
    const ledger = await awsOk(runtime, ['qldb', 'describe-ledger', '--name', outputs[OUTPUT_KEYS.ledgerName]]);
    expect(ledger.EncryptionDescription).toEqual({ KmsKeyArn: outputs[OUTPUT_KEYS.ledgerKeyArn], EncryptionStatus: 'ENABLED' });
    expect(await readVin()).toEqual([VIN]);
  });

  it('re-keys with update-ledger --kms-key: UPDATING, then ENABLED on the new key', async () => {
    const updated = await awsOk(runtime, ['qldb', 'update-ledger', '--name', outputs[OUTPUT_KEYS.ledgerName], '--kms-key', outputs[OUTPUT_KEYS.standbyKeyArn]]);
    expect(updated).toMatchObject({ State: 'ACTIVE', EncryptionDescription: { KmsKeyArn: outputs[OUTPUT_KEYS.standbyKeyArn], EncryptionStatus: 'UPDATING' } });
    const ledger = await describeLedgerUntil('ENABLED');
    expect(ledger.EncryptionDescription).toEqual({ KmsKeyArn: outputs[OUTPUT_KEYS.standbyKeyArn], EncryptionStatus: 'ENABLED' });
    expect(await readVin()).toEqual([VIN]);
  });

  it('disables the key: KMS_KEY_INACCESSIBLE with InaccessibleKmsKeyDateTime', async () => {
    const before = Date.now();
    await awsOk(runtime, ['kms', 'disable-key', '--key-id', outputs[OUTPUT_KEYS.standbyKeyArn]]);
    const ledger = await describeLedgerUntil('KMS_KEY_INACCESSIBLE');
    expect(ledger.EncryptionDescription).toMatchObject({ KmsKeyArn: outputs[OUTPUT_KEYS.standbyKeyArn], EncryptionStatus: 'KMS_KEY_INACCESSIBLE' });
    expect(Date.parse(ledger.EncryptionDescription.InaccessibleKmsKeyDateTime)).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
  });

  it('enables the key again: ENABLED', async () => {
    await awsOk(runtime, ['kms', 'enable-key', '--key-id', outputs[OUTPUT_KEYS.standbyKeyArn]]);
    const ledger = await describeLedgerUntil('ENABLED');
    expect(ledger.EncryptionDescription).toEqual({ KmsKeyArn: outputs[OUTPUT_KEYS.standbyKeyArn], EncryptionStatus: 'ENABLED' });
    expect(await readVin()).toEqual([VIN]);
  });
});
