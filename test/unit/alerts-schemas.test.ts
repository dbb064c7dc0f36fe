import Ajv from 'ajv';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALERT_SOURCE, eventTime, putEventsEntry, type Alert } from '../../functions/domain/alerts/alerts';
import { decideEncryption, type EncryptionObservation } from '../../functions/domain/alerts/encryption-status';
import { keyAtRisk } from '../../functions/domain/alerts/key-at-risk';
import { decideLag } from '../../functions/domain/alerts/projection-lag';

/** The alerts the domain code raises, as EventBridge delivers them, against the contract in schemas/alerts/. */
const SCHEMAS = {
  'Ledger Encryption Status Changed': 'ledger-encryption-status-changed',
  'Ledger Key At Risk': 'ledger-key-at-risk',
  'Journal Projection Lagging': 'journal-projection-lagging',
} as const;

const ajv = new Ajv({ allErrors: true });
const validators = Object.fromEntries(
  Object.entries(SCHEMAS).map(([detailType, file]) => [detailType, ajv.compile(JSON.parse(readFileSync(join(__dirname, '../../schemas/alerts', `${file}.schema.json`), 'utf8')))]),
);

const LEDGER_ARN = 'arn:aws:qldb:us-east-1:000000000000:ledger/keydrill-ledger';
const KEY = 'arn:aws:kms:us-east-1:000000000000:key/aaaaaaaa-0000-0000-0000-000000000000';
const OTHER = 'arn:aws:kms:us-east-1:000000000000:key/bbbbbbbb-0000-0000-0000-000000000000';

/** The envelope EventBridge wraps a PutEvents entry in (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-events-structure.html). */
function delivered(alert: Alert): Record<string, unknown> {
  const entry = putEventsEntry(alert, 'keydrill-alerts');
  return { version: '0', id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718', 'detail-type': entry.DetailType, source: entry.Source, account: '000000000000', time: eventTime(entry.Time.toISOString()), region: 'us-east-1', resources: entry.Resources, detail: JSON.parse(entry.Detail) };
}

const errorsOf = (event: Record<string, unknown>) => {
  const validate = validators[event['detail-type'] as string];
  return validate(event) ? [] : validate.errors;
};

const observation = (status: EncryptionObservation['status'], extra: Partial<EncryptionObservation> = {}): EncryptionObservation => ({
  ledgerName: 'keydrill-ledger', ledgerArn: LEDGER_ARN, status, kmsKeyArn: KEY, observedAt: '2026-01-01T00:00:20.500Z', detectedBy: 'journal-stream', ...extra,
});
const recorded = { status: 'ENABLED' as const, kmsKeyArn: KEY, version: 1, observedAt: '2026-01-01T00:00:00.000Z' };
const kms = (eventName: string, requestParameters: Record<string, unknown>) => ({
  source: 'aws.kms', 'detail-type': 'AWS API Call via CloudTrail',
  detail: { eventName, eventTime: '2026-01-01T00:00:05Z', eventID: eventName, userIdentity: { arn: 'arn:aws:iam::000000000000:root' }, requestParameters, resources: [{ ARN: KEY }] },
});
const watch = { ledgerName: 'keydrill-ledger', ledgerArn: LEDGER_ARN, kmsKeyArn: KEY, watchedAliases: new Set(['alias/keydrill-ledger']) };

const alerts: Array<[string, Alert]> = [
  ['to inaccessible', (decideEncryption(recorded, observation('KMS_KEY_INACCESSIBLE', { inaccessibleKmsKeyDateTime: '2026-01-01T00:00:19.000Z' })) as { alert: Alert }).alert],
  ['to updating, new key', (decideEncryption(recorded, observation('UPDATING', { kmsKeyArn: OTHER, detectedBy: 'monitor' })) as { alert: Alert }).alert],
  ['first seen inaccessible', (decideEncryption(undefined, observation('KMS_KEY_INACCESSIBLE')) as { alert: Alert }).alert],
  ['DisableKey', keyAtRisk(kms('DisableKey', { keyId: KEY }), watch)!],
  ['ScheduleKeyDeletion', keyAtRisk(kms('ScheduleKeyDeletion', { keyId: KEY, pendingWindowInDays: 7 }), watch)!],
  ['UpdateAlias', keyAtRisk(kms('UpdateAlias', { aliasName: 'alias/keydrill-ledger', targetKeyId: OTHER }), watch)!],
  ['LAGGING', (decideLag({ state: 'CAUGHT_UP', behindSince: '2026-01-01T00:00:00.000Z', observedAt: '2026-01-01T00:00:00.000Z', version: 2 }, { ledgerName: 'keydrill-ledger', ledgerArn: LEDGER_ARN, ledgerTipSequenceNo: 9, projectedSequenceNo: undefined, observedAt: '2026-01-01T00:01:00.000Z' }, 30_000) as { alert: Alert }).alert],
];

test.each(alerts)('%s: the delivered event matches its schema', (_name, alert) => {
  const event = delivered(alert);
  expect(event.source).toBe(ALERT_SOURCE);
  expect(errorsOf(event)).toEqual([]);
});

describe('the schemas can fail', () => {
  const [, inaccessible] = alerts[0];
  const [, disable] = alerts[3];
  test.each([
    ['an unknown status', (e: any) => (e.detail.status = 'BROKEN')],
    ['a missing transitionId', (e: any) => delete e.detail.transitionId],
    ['an aws.* source', (e: any) => (e.source = 'aws.qldb')],
    ['a millisecond event time', (e: any) => (e.time = '2026-01-01T00:00:20.500Z')],
    ['an extra detail field', (e: any) => (e.detail.surprise = 1)],
  ])('status changed with %s', (_name, spoil) => {
    const event = delivered(inaccessible);
    spoil(event);
    expect(errorsOf(event)).not.toEqual([]);
  });

  test('inaccessibleKmsKeyDateTime on an ENABLED status, pendingDeletionDate on a DisableKey', () => {
    const enabled = delivered(alerts[1][1]) as any;
    enabled.detail.inaccessibleKmsKeyDateTime = '2026-01-01T00:00:19.000Z';
    expect(errorsOf(enabled)).not.toEqual([]);
    const disabled = delivered(disable) as any;
    disabled.detail.pendingDeletionDate = '2026-01-08T00:00:05.000Z';
    expect(errorsOf(disabled)).not.toEqual([]);
  });
});
