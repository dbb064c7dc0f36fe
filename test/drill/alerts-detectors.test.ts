import { DisableKeyCommand, EnableKeyCommand } from '@aws-sdk/client-kms';
import { UpdateLedgerCommand } from '@aws-sdk/client-qldb';
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { QldbDriver } from 'amazon-qldb-driver-nodejs';
import { DETAIL_TYPES } from '../../functions/domain/alerts/alerts';
import { STATUS_PARTITION_KEY, STATUS_SORT_KEY } from '../../functions/domain/alerts/schema';
import { OUTPUT_KEYS } from '../../infra/stacks/keydrill-stack';
import { pollUntil } from '../../runtime/core/poll';
import { AlertSubscriber, commitOne, ledgerBecomes, ledgerEncryption, setMonitorSchedule } from '../helpers/alert-subscriber';
import { control } from '../helpers/control-plane';
import { keydrillTemplate } from '../helpers/keydrill-stack';
import { qldbDriver } from '../helpers/qldb';
import { useRuntime } from '../helpers/runtime';
import { tempDataDir } from '../helpers/temp-data-dir';

/**
 * The two detectors on their own, neither invoked by the test. The journal-stream function: commits flowing
 * through the journal's Kinesis stream make it see a re-key (ENABLED → UPDATING → ENABLED on the new key) while
 * the monitor's schedule is off. The monitor on its schedule: with nothing committing (an inaccessible ledger
 * commits nothing), the runtime clock moved past the next scheduled minute makes the schedule run the monitor,
 * which raises the change.
 */
jest.setTimeout(240_000);

/** Long enough that a commit during the re-key reaches the stream function while the ledger is UPDATING. */
const KEY_UPDATE_MS = 15_000;
const TABLE = 'DetectorProbe';

const env = useRuntime({ dataDir: tempDataDir('drill-alerts-detectors'), stack: keydrillTemplate(), qldbEncryption: { keyUpdateMinimumMs: KEY_UPDATE_MS } }, { timeoutMs: 120_000 });
let subscriber: AlertSubscriber;
let driver: QldbDriver;
let commits = 0;

const outputs = () => env.runtime.outputs;
const commit = () => commitOne(driver, TABLE, { n: ++commits });
const changes = () => subscriber.of(DETAIL_TYPES.statusChanged);
const last = () => changes()[changes().length - 1]?.detail;

/** The encryption status last recorded in the status table, by whichever detector recorded it. */
async function recordedEncryption(): Promise<Record<string, unknown> | undefined> {
  const key = marshall({ [STATUS_PARTITION_KEY]: outputs()[OUTPUT_KEYS.ledgerName], [STATUS_SORT_KEY]: 'ENCRYPTION' });
  return (await env.clients.dynamodb.send(new GetItemCommand({ TableName: outputs()[OUTPUT_KEYS.alertStatusTableName], Key: key, ConsistentRead: true }))).Item;
}

env.onStop(() => driver?.close());

beforeAll(async () => {
  await setMonitorSchedule(env, false);
  subscriber = await AlertSubscriber.subscribe(env);
  driver = qldbDriver(env.runtime, outputs()[OUTPUT_KEYS.ledgerName]);
  await driver.executeLambda((txn) => txn.execute(`CREATE TABLE ${TABLE}`));
});

test('the journal-stream function raises a re-key from the commits alone, the monitor never running', async () => {
  // The stream function's first look records the baseline (the stream starts at LATEST: it needs a commit).
  let lastCommit = 0;
  await pollUntil('the stream function’s baseline', async () => {
    if (Date.now() - lastCommit > 1000) {
      await commit();
      lastCommit = Date.now();
    }
    return recordedEncryption();
  });
  const oldKey = outputs()[OUTPUT_KEYS.ledgerKeyArn];
  const newKey = outputs()[OUTPUT_KEYS.standbyKeyArn];
  await env.clients.qldb.send(new UpdateLedgerCommand({ Name: outputs()[OUTPUT_KEYS.ledgerName], KmsKey: newKey }));
  await subscriber.until('the re-key seen through the stream', () => last()?.status === 'ENABLED' && last()?.kmsKeyArn === newKey, commit);

  expect(subscriber.statusChanges()).toEqual(['ENABLED→UPDATING', 'UPDATING→ENABLED']);
  expect(changes().map((e) => e.detail.detectedBy)).toEqual(['journal-stream', 'journal-stream']);
  expect(changes()[0].detail).toMatchObject({ previousKmsKeyArn: oldKey, kmsKeyArn: newKey });
});

test('the monitor run by its schedule, the runtime clock moved past the next minute, raises what no commit can show', async () => {
  await setMonitorSchedule(env, true);
  const key = (await ledgerEncryption(env)).KmsKeyArn!;
  const advancePastNextRun = () => control(env.runtime, 'clock', { method: 'POST', body: { advanceSeconds: 61 } });
  const before = changes().length;

  await env.clients.kms.send(new DisableKeyCommand({ KeyId: key }));
  await ledgerBecomes(env, 'KMS_KEY_INACCESSIBLE');
  expect((await advancePastNextRun()).status).toBe(200);
  await subscriber.until('the scheduled monitor’s alert', () => changes().length > before);
  expect(last()).toMatchObject({ previousStatus: 'ENABLED', status: 'KMS_KEY_INACCESSIBLE', kmsKeyArn: key, detectedBy: 'monitor' });

  await env.clients.kms.send(new EnableKeyCommand({ KeyId: key }));
  await ledgerBecomes(env, 'ENABLED');
  await advancePastNextRun();
  await subscriber.until('the scheduled monitor’s recovery alert', () => last()?.status === 'ENABLED');
  expect(subscriber.statusChanges().slice(before)).toEqual(['ENABLED→KMS_KEY_INACCESSIBLE', 'KMS_KEY_INACCESSIBLE→ENABLED']);
  expect(changes().slice(before).map((e) => e.detail.detectedBy)).toEqual(['monitor', 'monitor']);
});
