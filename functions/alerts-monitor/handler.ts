import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetDigestCommand, QLDBClient } from '@aws-sdk/client-qldb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { ScheduledEvent } from 'aws-lambda';
import { decideLag, lagKey, type LagDecision, type RecordedLag } from '../domain/alerts/projection-lag';
import { PARTITION_KEY, PROGRESS_PARTITION_KEY, SORT_KEY } from '../domain/projection/schema';
import { checkUntilSettled } from '../shared/alert-effects';
import { LedgerObserver, alertEffectsFromEnv, checkEncryption, numberEnv } from '../shared/alert-context';
import { requiredEnv } from '../shared/env';

/**
 * The monitor, on an EventBridge schedule: the same encryption check as the stream function, so a change is
 * seen when nothing commits (an inaccessible ledger commits nothing), and the projection's lag behind the
 * ledger's tip.
 */

const ledgerName = requiredEnv('LEDGER_NAME');
const qldb = new QLDBClient({});
const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const store = alertEffectsFromEnv();
const observer = new LedgerObserver(qldb, ledgerName, 0);
const projectionTable = requiredEnv('PROJECTION_TABLE_NAME');
const maxLagMs = numberEnv('MAX_PROJECTION_LAG_MS', 60_000);

export async function handler(_event: ScheduledEvent): Promise<void> {
  const observation = await observer.observe('monitor');
  await checkEncryption(store, observation);
  // An inaccessible ledger serves no digest: its lag is judged again once it is readable.
  if (observation.status === 'KMS_KEY_INACCESSIBLE') return;
  await checkLag(observation.ledgerArn);
}

async function checkLag(ledgerArn: string): Promise<LagDecision | undefined> {
  const [tip, projected] = await Promise.all([ledgerTipSequenceNo(), projectedSequenceNo()]);
  if (tip === undefined) return undefined;
  const look = { ledgerName, ledgerArn, ledgerTipSequenceNo: tip, projectedSequenceNo: projected, observedAt: new Date().toISOString() };
  return checkUntilSettled<RecordedLag, LagDecision>(store, lagKey(ledgerName), (recorded) => decideLag(recorded, look, maxLagMs));
}

/**
 * GetDigest's tip address is Ion text, `{strandId:"…",sequenceNo:N}`; a ledger that committed nothing yet has no
 * digest (ResourcePreconditionNotMetException) and nothing to project (https://docs.aws.amazon.com/qldb/latest/developerguide/API_GetDigest.html).
 */
async function ledgerTipSequenceNo(): Promise<number | undefined> {
  let DigestTipAddress;
  try {
    ({ DigestTipAddress } = await qldb.send(new GetDigestCommand({ Name: ledgerName })));
  } catch (e) {
    if ((e as Error).name === 'ResourcePreconditionNotMetException') return undefined;
    throw e;
  }
  const match = /sequenceNo:\s*(\d+)/.exec(DigestTipAddress?.IonText ?? '');
  if (!match) throw new Error(`GetDigest gave no tip sequenceNo: ${DigestTipAddress?.IonText}`);
  return Number(match[1]);
}

/** The projector's high-water mark (functions/domain/projection/schema.ts: PROGRESS / <ledgerName>). */
async function projectedSequenceNo(): Promise<number | undefined> {
  const { Item } = await documents.send(new GetCommand({ TableName: projectionTable, Key: { [PARTITION_KEY]: PROGRESS_PARTITION_KEY, [SORT_KEY]: ledgerName }, ConsistentRead: true }));
  return typeof Item?.lastBlockSequenceNo === 'number' ? Item.lastBlockSequenceNo : undefined;
}
