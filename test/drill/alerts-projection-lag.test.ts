import { GetFunctionConfigurationCommand } from '@aws-sdk/client-lambda';
import { GetDigestCommand } from '@aws-sdk/client-qldb';
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { QldbDriver } from 'amazon-qldb-driver-nodejs';
import { DETAIL_TYPES } from '../../functions/domain/alerts/alerts';
import { STATUS_PARTITION_KEY, STATUS_SORT_KEY } from '../../functions/domain/alerts/schema';
import { PARTITION_KEY, PROGRESS_PARTITION_KEY, SORT_KEY } from '../../functions/domain/projection/schema';
import { OUTPUT_KEYS } from '../../infra/stacks/keydrill-stack';
import { AlertSubscriber, commitOne, keptAlerts, runMonitor, setMonitorSchedule } from '../helpers/alert-subscriber';
import { control } from '../helpers/control-plane';
import { keydrillTemplate, roleNameOf } from '../helpers/keydrill-stack';
import { qldbDriver } from '../helpers/qldb';
import { ALERT_ENTRIES } from '../../infra/constructs/encryption-alerts';
import { LOCAL_ENTRY_METADATA } from '../../runtime/core/paths';
import { pollUntil } from '../../runtime/core/poll';
import { useRuntime } from '../helpers/runtime';
import { tempDataDir } from '../helpers/temp-data-dir';

/**
 * "Journal Projection Lagging" on the deployed stack: a fault aimed at the projector's role (every DynamoDB call
 * it makes, and no one else's) holds the projection behind the ledger; the monitor, run as its schedule would,
 * raises LAGGING once the lag passes the configured bound, and CAUGHT_UP once the fault is cleared and the
 * projection reaches the ledger's tip again; each once, however often the monitor runs.
 */
jest.setTimeout(240_000);

const MAX_LAG_MS = 2000;
const TABLE = 'LagProbe';

const env = useRuntime({ dataDir: tempDataDir('drill-alerts-lag'), stack: withMaxLag(MAX_LAG_MS) }, { timeoutMs: 120_000 });
let subscriber: AlertSubscriber;
let driver: QldbDriver;
let commits = 0;

const outputs = () => env.runtime.outputs;
const commit = () => commitOne(driver, TABLE, { n: ++commits });
const lagStates = () => subscriber.of(DETAIL_TYPES.projectionLagging).map((e) => e.detail.state);
const faults = async () => (await control(env.runtime, 'faults')).body.faults;
/** The monitor's record of the lag in the status table (functions/domain/alerts/projection-lag.ts). */
async function lagRecord(): Promise<Record<string, any> | undefined> {
  const key = marshall({ [STATUS_PARTITION_KEY]: outputs()[OUTPUT_KEYS.ledgerName], [STATUS_SORT_KEY]: 'PROJECTION_LAG' });
  const { Item } = await env.clients.dynamodb.send(new GetItemCommand({ TableName: outputs()[OUTPUT_KEYS.alertStatusTableName], Key: key, ConsistentRead: true }));
  return Item && unmarshall(Item);
}

/** The stack's template with the monitor's lag bound set to `ms` (the construct's maxProjectionLag; its default is a minute). */
function withMaxLag(ms: number) {
  const stack = keydrillTemplate();
  // Found by its code: the drill functions read the same setting.
  const monitors = Object.values(stack.template.Resources).filter((r: any) => r.Type === 'AWS::Lambda::Function' && r.Metadata?.[LOCAL_ENTRY_METADATA] === ALERT_ENTRIES.monitor);
  if (monitors.length !== 1) throw new Error(`expected one monitor function in the template, found ${monitors.length}`);
  (monitors[0] as any).Properties.Environment.Variables.MAX_PROJECTION_LAG_MS = String(ms);
  return stack;
}

/** The ledger's tip and the projection's high-water mark are the same block. */
async function projectionAtTip(): Promise<true | undefined> {
  const { DigestTipAddress } = await env.clients.qldb.send(new GetDigestCommand({ Name: outputs()[OUTPUT_KEYS.ledgerName] }));
  const tip = Number(/sequenceNo:\s*(\d+)/.exec(DigestTipAddress!.IonText!)![1]);
  const key = marshall({ [PARTITION_KEY]: PROGRESS_PARTITION_KEY, [SORT_KEY]: outputs()[OUTPUT_KEYS.ledgerName] });
  const { Item } = await env.clients.dynamodb.send(new GetItemCommand({ TableName: outputs()[OUTPUT_KEYS.projectionTableName], Key: key, ConsistentRead: true }));
  return Item && unmarshall(Item).lastBlockSequenceNo === tip ? true : undefined;
}

env.onStop(() => driver?.close());

beforeAll(async () => {
  // Only the test runs the monitor here, so every look at the lag is one the test made.
  await setMonitorSchedule(env, false);
  subscriber = await AlertSubscriber.subscribe(env);
  driver = qldbDriver(env.runtime, outputs()[OUTPUT_KEYS.ledgerName]);
  await driver.executeLambda((txn) => txn.execute(`CREATE TABLE ${TABLE}`));
  await commit();
});

test('a projector failing every write: LAGGING once the lag passes the bound, CAUGHT_UP once it is cleared and catches up', async () => {
  const { Role } = await env.clients.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: outputs()[OUTPUT_KEYS.projectorFunctionName] }));
  // A clean start: the projection at the ledger's tip (the projector's first batch includes its cold start),
  // and the monitor's last look before the fault saw it so.
  await pollUntil('the projection at the ledger tip', projectionAtTip);
  await runMonitor(env);
  expect(await lagRecord()).toMatchObject({ state: 'CAUGHT_UP' });
  expect((await lagRecord())!.behindSince).toBeUndefined();

  const injected = await control(env.runtime, 'faults', { method: 'POST', body: { service: 'dynamodb', principal: roleNameOf(Role!), errorCode: 'ProvisionedThroughputExceededException', status: 400 } });
  expect(injected.status).toBe(201);
  await commit();
  await subscriber.until('Journal Projection Lagging', () => lagStates().includes('LAGGING'), () => runMonitor(env));
  const [fault] = await faults();
  expect(fault.failed).toBeGreaterThan(0);
  const lagging = subscriber.of(DETAIL_TYPES.projectionLagging)[0];
  expect(lagging.detail).toMatchObject({ ledgerName: outputs()[OUTPUT_KEYS.ledgerName], state: 'LAGGING', maxLagSeconds: MAX_LAG_MS / 1000 });
  expect(lagging.detail.ledgerTipSequenceNo).toBeGreaterThan(lagging.detail.projectedSequenceNo ?? -1);

  // Still behind: more looks raise nothing more.
  await runMonitor(env);
  await runMonitor(env);

  await control(env.runtime, 'faults', { method: 'DELETE' });
  // A batch that ran out of retries while the fault held went to the failed-batches queue; the next commit's
  // block (or the retried batch) brings the projection's high-water mark to the ledger's tip.
  await commit();
  await subscriber.until('the projection caught up', () => lagStates().includes('CAUGHT_UP'), () => runMonitor(env));
  await runMonitor(env);

  const kept = await keptAlerts(env, DETAIL_TYPES.projectionLagging);
  expect(kept.map((a) => a.detail.state)).toEqual(['LAGGING', 'CAUGHT_UP']);
  expect(kept.every((a) => a.published)).toBe(true);
  await subscriber.until('every kept alert delivered', () => lagStates().length >= kept.length);
  expect(lagStates()).toEqual(['LAGGING', 'CAUGHT_UP']);
  const caughtUp = subscriber.of(DETAIL_TYPES.projectionLagging)[1];
  expect(caughtUp.detail.projectedSequenceNo).toBe(caughtUp.detail.ledgerTipSequenceNo);
  // Nothing else was raised: the fault touched the projector alone, the ledger's encryption never changed.
  expect(subscriber.statusChanges()).toEqual([]);
});
