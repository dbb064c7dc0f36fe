import { QLDBClient } from '@aws-sdk/client-qldb';
import type { EventBridgeEvent } from 'aws-lambda';
import { encryptionKey, type RecordedEncryption } from '../domain/alerts/encryption-status';
import { keyAtRisk, type CloudTrailKmsEvent } from '../domain/alerts/key-at-risk';
import { LedgerObserver, alertEffectsFromEnv } from '../shared/alert-context';
import { requiredEnv } from '../shared/env';

/**
 * "Ledger Key At Risk": the target of a default-bus rule over the KMS management events CloudTrail delivers
 * (docs/alerts.md#kms-events). The rule matches the risky calls on any key; this function keeps those on the
 * ledger's current key (as the status table last recorded it, or DescribeLedger before the first record) and
 * on the aliases the stack names. EventBridge may deliver an event more than once: the alert's id comes
 * from the CloudTrail eventID, so it is kept and published once.
 */

const ledgerName = requiredEnv('LEDGER_NAME');
const ledgerArn = requiredEnv('LEDGER_ARN');
const store = alertEffectsFromEnv();
const observer = new LedgerObserver(new QLDBClient({}), ledgerName, 0);
const watchedAliases = new Set((process.env.WATCHED_ALIASES ?? '').split(',').map((a) => a.trim()).filter(Boolean));

export async function handler(event: EventBridgeEvent<string, CloudTrailKmsEvent['detail']>): Promise<void> {
  const current = (await store.read<RecordedEncryption>(encryptionKey(ledgerName))) ?? (await observer.observe('monitor'));
  const alert = keyAtRisk(event as CloudTrailKmsEvent, { ledgerName, ledgerArn, kmsKeyArn: current.kmsKeyArn, watchedAliases });
  if (alert) await store.run([{ kind: 'deliver', alert }]);
}
