import {
  CancelKeyDeletionCommand,
  DescribeKeyCommand,
  EnableKeyCommand,
  GetKeyPolicyCommand,
  ListGrantsCommand,
  PutKeyPolicyCommand,
  RevokeGrantCommand,
  ScheduleKeyDeletionCommand,
} from '@aws-sdk/client-kms';
import { UpdateLedgerCommand } from '@aws-sdk/client-qldb';
import { DETAIL_TYPES } from '../../functions/domain/alerts/alerts';
import { OUTPUT_KEYS } from '../../infra/stacks/keydrill-stack';
import { pollUntil } from '../../runtime/core/poll';
import { AlertSubscriber, keptAlerts, ledgerBecomes } from '../helpers/alert-subscriber';
import { keydrillTemplate } from '../helpers/keydrill-stack';
import { useRuntime } from '../helpers/runtime';
import { tempDataDir } from '../helpers/temp-data-dir';

/**
 * "Ledger Key At Risk" through the real chain — a KMS call on the ledger's key, its CloudTrail-shaped event on
 * the default bus, the stack's rule, the key-at-risk function, the alerts bus, a subscriber's queue — for
 * ScheduleKeyDeletion, RevokeGrant (QLDB's grant) and PutKeyPolicy; after each the key is restored
 * (CancelKeyDeletion and EnableKey; UpdateLedger onto the same key, which gives QLDB a new grant; the
 * original policy put back) and the ledger is ENABLED on it again.
 */
jest.setTimeout(240_000);

const DAY_MS = 86_400_000;

const env = useRuntime({ dataDir: tempDataDir('drill-alerts-key-at-risk'), stack: keydrillTemplate() }, { timeoutMs: 120_000 });
let subscriber: AlertSubscriber;

const outputs = () => env.runtime.outputs;
const ledgerKey = () => outputs()[OUTPUT_KEYS.ledgerKeyArn];
const atRisk = () => subscriber.of(DETAIL_TYPES.keyAtRisk);
const kms = () => env.clients.kms;

/** Waits for the next "Ledger Key At Risk" and checks it names the ledger, its key and the call. */
async function nextWarning(eventName: string) {
  const before = atRisk().length;
  await subscriber.until(`Ledger Key At Risk for ${eventName}`, () => atRisk().length > before);
  const warning = atRisk()[before];
  expect(warning.detail).toMatchObject({ eventName, kmsKeyArn: ledgerKey(), ledgerName: outputs()[OUTPUT_KEYS.ledgerName], userIdentity: expect.stringMatching(/^arn:aws:/) });
  expect(warning.resources).toEqual([expect.stringContaining(`:ledger/${outputs()[OUTPUT_KEYS.ledgerName]}`), ledgerKey()]);
  return warning;
}

const qldbGrants = async () => ((await kms().send(new ListGrantsCommand({ KeyId: ledgerKey() }))).Grants ?? []).filter((g) => g.GranteePrincipal?.includes('qldb'));

beforeAll(async () => {
  subscriber = await AlertSubscriber.subscribe(env);
  await ledgerBecomes(env, 'ENABLED', ledgerKey());
});

test('ScheduleKeyDeletion warns with the pending deletion date; CancelKeyDeletion and EnableKey restore the key', async () => {
  const { DeletionDate } = await kms().send(new ScheduleKeyDeletionCommand({ KeyId: ledgerKey(), PendingWindowInDays: 7 }));
  const warning = await nextWarning('ScheduleKeyDeletion');
  // The runtime's CloudTrail record carries no responseElements, so the date is the event's time (whole
  // seconds, as CloudTrail writes it) plus the window: KMS's DeletionDate to the second.
  expect(warning.detail.pendingDeletionDate).toBe(new Date(Date.parse(warning.detail.eventTime) + 7 * DAY_MS).toISOString());
  expect(Math.abs(Date.parse(warning.detail.pendingDeletionDate) - DeletionDate!.getTime())).toBeLessThan(1000);

  await kms().send(new CancelKeyDeletionCommand({ KeyId: ledgerKey() }));
  await kms().send(new EnableKeyCommand({ KeyId: ledgerKey() }));
  expect((await kms().send(new DescribeKeyCommand({ KeyId: ledgerKey() }))).KeyMetadata).toMatchObject({ KeyState: 'Enabled', Enabled: true });
  await ledgerBecomes(env, 'ENABLED', ledgerKey());
});

test('revoking QLDB’s grant warns; UpdateLedger onto the same key gives QLDB a new grant', async () => {
  const [grant] = await qldbGrants();
  expect(grant?.GrantId).toEqual(expect.any(String));
  await kms().send(new RevokeGrantCommand({ KeyId: ledgerKey(), GrantId: grant.GrantId }));
  await nextWarning('RevokeGrant');
  expect(await qldbGrants()).toEqual([]);

  await env.clients.qldb.send(new UpdateLedgerCommand({ Name: outputs()[OUTPUT_KEYS.ledgerName], KmsKey: ledgerKey() }));
  await ledgerBecomes(env, 'ENABLED', ledgerKey());
  const renewed = await pollUntil('QLDB’s new grant', async () => ((await qldbGrants()).length > 0 ? qldbGrants() : undefined));
  expect(renewed.map((g) => g.GrantId)).not.toContain(grant.GrantId);
});

test('changing the key policy warns, and so does putting the original back (a policy change is a risk, whatever it says)', async () => {
  const { Policy: original } = await kms().send(new GetKeyPolicyCommand({ KeyId: ledgerKey(), PolicyName: 'default' }));
  const changed = JSON.parse(original!);
  changed.Statement.push({ Sid: 'DrillMarker', Effect: 'Deny', Principal: { AWS: `arn:aws:iam::${env.runtime.account}:root` }, Action: 'kms:CreateAlias', Resource: '*', Condition: { StringEquals: { 'kms:CallerAccount': '111111111111' } } });
  await kms().send(new PutKeyPolicyCommand({ KeyId: ledgerKey(), PolicyName: 'default', Policy: JSON.stringify(changed) }));
  await nextWarning('PutKeyPolicy');

  await kms().send(new PutKeyPolicyCommand({ KeyId: ledgerKey(), PolicyName: 'default', Policy: original }));
  await nextWarning('PutKeyPolicy');
  expect(JSON.parse((await kms().send(new GetKeyPolicyCommand({ KeyId: ledgerKey(), PolicyName: 'default' }))).Policy!)).toEqual(JSON.parse(original!));
  await ledgerBecomes(env, 'ENABLED', ledgerKey());
});

test('one warning per call: the alerts table kept exactly those, each published and delivered', async () => {
  const kept = await keptAlerts(env, DETAIL_TYPES.keyAtRisk);
  expect(kept.map((a) => a.detail.eventName)).toEqual(['ScheduleKeyDeletion', 'RevokeGrant', 'PutKeyPolicy', 'PutKeyPolicy']);
  expect(kept.every((a) => a.published)).toBe(true);
  expect(subscriber.keysAtRisk()).toEqual(['ScheduleKeyDeletion', 'RevokeGrant', 'PutKeyPolicy', 'PutKeyPolicy']);
});
