import { UpdateLedgerCommand } from '@aws-sdk/client-qldb';
import { DisableKeyCommand, EnableKeyCommand, UpdateAliasCommand } from '@aws-sdk/client-kms';
import { GetFunctionConfigurationCommand, InvokeCommand, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { OUTPUT_KEYS } from '../../infra/stacks/keydrill-stack';
import { AlertsHistory } from '../../cli/alerts-history';
import { AlertSubscriber, ledgerBecomes, runMonitor } from '../helpers/alert-subscriber';
import { control } from '../helpers/control-plane';
import { keydrillTemplate, roleNameOf } from '../helpers/keydrill-stack';
import { useRuntime } from '../helpers/runtime';
import { tempDataDir } from '../helpers/temp-data-dir';

/**
 * Encryption-status alerts on the deployed stack, delivered from the alerts bus to an SQS subscription:
 * a disabled ledger key gives one "Ledger Key At Risk" (default-bus KMS rule → key-at-risk function) and one
 * ENABLED → KMS_KEY_INACCESSIBLE (monitor); enabling it gives one change back; UpdateLedger to another key
 * gives ENABLED → UPDATING and UPDATING → ENABLED with the new key; re-pointing the stack's alias gives one
 * "Ledger Key At Risk", and the DisableKey event delivered twice more gives none. The monitor is invoked as its schedule
 * would, several times at once (overlapping runs), again after a run that stopped half-way (a DynamoDB fault
 * aimed at the monitor's role through the control plane) and after a runtime restart: still one alert per transition.
 */
jest.setTimeout(240_000);

const env = useRuntime({ dataDir: tempDataDir('drill-alerts'), stack: keydrillTemplate() }, { timeoutMs: 120_000 });
let subscriber: AlertSubscriber;

const outputs = () => env.runtime.outputs;
const received = () => subscriber.received;
const statusChanges = () => subscriber.statusChanges();
const atRisk = () => subscriber.keysAtRisk();
const ledgerIs = (status: string, keyArn?: string) => ledgerBecomes(env, status, keyArn);
const receivedUntil = (what: string, done: () => boolean) => subscriber.until(what, done);

/** Runs the monitor `times` times at once, as overlapping schedule runs would. */
const monitor = (times = 1) => Promise.all(Array.from({ length: times }, () => runMonitor(env)));

beforeAll(async () => {
  subscriber = await AlertSubscriber.subscribe(env);
  await monitor(); // the baseline: ENABLED, nothing raised
});

test('disabling the ledger key: one Ledger Key At Risk, then one ENABLED → KMS_KEY_INACCESSIBLE', async () => {
  const keyArn = outputs()[OUTPUT_KEYS.ledgerKeyArn];
  await env.clients.kms.send(new DisableKeyCommand({ KeyId: keyArn }));
  await receivedUntil('Ledger Key At Risk', () => atRisk().length > 0);
  expect(received().find((e) => e['detail-type'] === 'Ledger Key At Risk')!.detail).toMatchObject({ eventName: 'DisableKey', kmsKeyArn: keyArn, ledgerName: outputs()[OUTPUT_KEYS.ledgerName] });

  // A duplicate delivery: the key-at-risk function gets the same DisableKey event (from the runtime's trail) twice more.
  const { body } = await control(env.runtime, 'trail');
  const disable = body.events.find((e: { detail: { eventName: string } }) => e.detail.eventName === 'DisableKey');
  const { Functions = [] } = await env.clients.lambda.send(new ListFunctionsCommand({}));
  const keyAtRiskFunction = Functions.find((f) => f.FunctionName!.includes('KeyAtRisk'))!.FunctionName!;
  for (let i = 0; i < 2; i++) {
    const r = await env.clients.lambda.send(new InvokeCommand({ FunctionName: keyAtRiskFunction, Payload: Buffer.from(JSON.stringify(disable)) }));
    expect(r.FunctionError).toBeUndefined();
  }

  await ledgerIs('KMS_KEY_INACCESSIBLE');
  await monitor(3);
  await monitor(2);
  await receivedUntil('the status change', () => statusChanges().length > 0);
  await subscriber.settled();
  expect(statusChanges()).toEqual(['ENABLED→KMS_KEY_INACCESSIBLE']);
  expect(atRisk()).toEqual(['DisableKey']);
  const change = received().find((e) => e['detail-type'] === 'Ledger Encryption Status Changed')!;
  expect(change.detail).toMatchObject({ kmsKeyArn: keyArn, previousKmsKeyArn: keyArn, detectedBy: 'monitor', inaccessibleKmsKeyDateTime: expect.any(String) });
});

test('enabling it again: one KMS_KEY_INACCESSIBLE → ENABLED, also when the run that records it stops half-way and the runtime restarts', async () => {
  await env.clients.kms.send(new EnableKeyCommand({ KeyId: outputs()[OUTPUT_KEYS.ledgerKeyArn] }));
  await ledgerIs('ENABLED');
  // The run stops after recording the transition (its claim on the alert fails, with an error the SDK does not
  // retry): the alert is owed, and the next run, after a restart, delivers it. The fault is the monitor's alone,
  // so no other function's UpdateItem takes it first.
  const { Role } = await env.clients.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: outputs()[OUTPUT_KEYS.alertMonitorFunctionName] }));
  const fault = { service: 'dynamodb', operation: 'UpdateItem', principal: roleNameOf(Role!), errorCode: 'ValidationException', status: 400, count: 1 };
  expect((await control(env.runtime, 'faults', { method: 'POST', body: fault })).status).toBe(201);
  const failed = await env.clients.lambda.send(new InvokeCommand({ FunctionName: outputs()[OUTPUT_KEYS.alertMonitorFunctionName] }));
  expect(failed.FunctionError).toBeDefined();
  expect((await control(env.runtime, 'faults')).body.faults).toEqual([expect.objectContaining({ failed: 1 })]);
  await env.restart();
  await monitor(3);
  await receivedUntil('the change back', () => statusChanges().length > 1);
  await monitor();
  await subscriber.settled();
  expect(statusChanges()).toEqual(['ENABLED→KMS_KEY_INACCESSIBLE', 'KMS_KEY_INACCESSIBLE→ENABLED']);
});

test('UpdateLedger to another key: ENABLED → UPDATING, then UPDATING → ENABLED with the new key', async () => {
  const oldKey = outputs()[OUTPUT_KEYS.ledgerKeyArn];
  const newKey = outputs()[OUTPUT_KEYS.standbyKeyArn];
  await env.clients.qldb.send(new UpdateLedgerCommand({ Name: outputs()[OUTPUT_KEYS.ledgerName], KmsKey: newKey }));
  await ledgerIs('UPDATING');
  await monitor(2);
  await ledgerIs('ENABLED', newKey);
  await monitor(2);
  await receivedUntil('both changes', () => statusChanges().length >= 4);
  await subscriber.settled();
  expect(statusChanges()).toEqual(['ENABLED→KMS_KEY_INACCESSIBLE', 'KMS_KEY_INACCESSIBLE→ENABLED', 'ENABLED→UPDATING', 'UPDATING→ENABLED']);
  const [toUpdating, back] = received().filter((e) => e['detail-type'] === 'Ledger Encryption Status Changed').slice(2);
  expect(toUpdating.detail).toMatchObject({ previousKmsKeyArn: oldKey, kmsKeyArn: newKey });
  expect(back.detail).toMatchObject({ previousKmsKeyArn: newKey, kmsKeyArn: newKey });
  // QLDB retiring its grant on the old key is not a risk.
  expect(atRisk()).toEqual(['DisableKey']);
});

test('re-pointing the alias the stack names gives one Ledger Key At Risk', async () => {
  await env.clients.kms.send(new UpdateAliasCommand({ AliasName: outputs()[OUTPUT_KEYS.ledgerKeyAlias], TargetKeyId: outputs()[OUTPUT_KEYS.rotateKeyArn] }));
  await receivedUntil('the alias warning', () => atRisk().length > 1);
  expect(received().filter((e) => e['detail-type'] === 'Ledger Key At Risk')[1].detail).toMatchObject({ eventName: 'UpdateAlias', aliasName: outputs()[OUTPUT_KEYS.ledgerKeyAlias], targetKeyId: outputs()[OUTPUT_KEYS.rotateKeyArn] });
  await subscriber.settled();
  expect(atRisk()).toEqual(['DisableKey', 'UpdateAlias']);

});

test('the alerts table keeps every alert, published, with the transitionIds that were delivered', async () => {
  const history = new AlertsHistory(outputs()[OUTPUT_KEYS.alertsTableName], env.clients.dynamodb);
  const kept = await history.since(outputs()[OUTPUT_KEYS.ledgerName], new Date(Date.now() - 3_600_000));
  expect(kept.map((a) => a.detailType).sort()).toEqual(received().map((e) => e['detail-type']).sort());
  expect(kept.every((a) => a.published)).toBe(true);
  expect(new Set(kept.map((a) => a.alertId)).size).toBe(kept.length);

  const cli = await new Promise<{ code: number; stdout: string }>((resolve) =>
    execFile(process.execPath, [join(__dirname, '..', '..', 'bin', 'keydrill.js'), 'alerts', '--since', '1h', '--json'], { env: { ...process.env, ...env.runtime.env } }, (error, stdout) => resolve({ code: error ? Number(error.code) : 0, stdout })),
  );
  expect(cli.code).toBe(0);
  const printed = cli.stdout.trim().split('\n').map((line) => JSON.parse(line));
  expect(printed.map((a) => a.alertId)).toEqual(kept.map((a) => a.alertId));
  expect(printed[0]).toMatchObject({ detailType: expect.any(String), time: expect.any(String), detail: expect.any(Object), published: true });
});
