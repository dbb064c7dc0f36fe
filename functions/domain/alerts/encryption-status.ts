import { DETAIL_TYPES, eventTime, type Detector, type EncryptionStatus, type StatusChangedAlert } from './alerts';
import { pendingDeliveries, recordAndDeliver, type AlertEffect, type StateKey, type Versioned } from './effects';
import { stableId } from './ids';

/** The ledger's encryption as last recorded in the status table. */
export interface RecordedEncryption extends Versioned {
  status: EncryptionStatus;
  kmsKeyArn: string;
  inaccessibleKmsKeyDateTime?: string;
  /** When the recorded status was observed: an older observation never replaces it. */
  observedAt: string;
}

/** One reading of DescribeLedger's EncryptionDescription. */
export interface EncryptionObservation {
  ledgerName: string;
  ledgerArn: string;
  status: EncryptionStatus;
  kmsKeyArn: string;
  inaccessibleKmsKeyDateTime?: string;
  observedAt: string;
  detectedBy: Detector;
}

/** What an observation means against the record, every branch with the effects it needs. */
export type EncryptionDecision =
  /** Older than what is recorded (a slow run, a replayed batch): it says nothing new. */
  | { kind: 'stale'; effects: AlertEffect[] }
  /** The same status and key as recorded: nothing to write. */
  | { kind: 'unchanged'; effects: AlertEffect[] }
  /** The first observation of an ENABLED ledger: recorded as the baseline, nothing to alert. */
  | { kind: 'baseline'; effects: AlertEffect[] }
  /** A change of status or key (or the first observation of a ledger that is not ENABLED). */
  | { kind: 'transition'; alert: StatusChangedAlert; effects: AlertEffect[] };

export const encryptionKey = (ledgerName: string): StateKey => ({ ledgerName, aspect: 'ENCRYPTION' });

/**
 * A ledger that never named a key shows no EncryptionDescription (docs/qldb-control.md#ledger-lifecycle):
 * it is encrypted with an AWS-owned key, which is always usable.
 */
export const AWS_OWNED_KMS_KEY = 'AWS_OWNED_KMS_KEY';

/** DescribeLedger's answer (structurally the SDK's DescribeLedgerResponse) as an observation. */
export function observeLedger(
  ledger: { Name?: string; Arn?: string; EncryptionDescription?: { KmsKeyArn?: string; EncryptionStatus?: string; InaccessibleKmsKeyDateTime?: Date } },
  observedAt: Date,
  detectedBy: Detector,
): EncryptionObservation {
  const description = ledger.EncryptionDescription;
  const status = (description?.EncryptionStatus ?? 'ENABLED') as EncryptionStatus;
  return {
    ledgerName: ledger.Name!,
    ledgerArn: ledger.Arn!,
    status,
    kmsKeyArn: description?.KmsKeyArn ?? AWS_OWNED_KMS_KEY,
    ...(status === 'KMS_KEY_INACCESSIBLE' && description?.InaccessibleKmsKeyDateTime ? { inaccessibleKmsKeyDateTime: description.InaccessibleKmsKeyDateTime.toISOString() } : {}),
    observedAt: observedAt.toISOString(),
    detectedBy,
  };
}

/**
 * The transition rules. A change of status, or of key ARN with the same status (a re-key seen only after it
 * finished), is a transition; its transitionId hashes the ledger, both sides and the version it creates, so
 * every publisher that races to record it derives the same id. An alert still owed by the record is
 * delivered first, whatever the observation says.
 */
export function decideEncryption(recorded: RecordedEncryption | undefined, observation: EncryptionObservation): EncryptionDecision {
  const key = encryptionKey(observation.ledgerName);
  const owed = pendingDeliveries(key, recorded);
  if (recorded && observation.observedAt < recorded.observedAt) return { kind: 'stale', effects: owed };
  if (recorded && recorded.status === observation.status && recorded.kmsKeyArn === observation.kmsKeyArn) return { kind: 'unchanged', effects: owed };

  const state: Omit<RecordedEncryption, 'version' | 'pendingAlert'> = {
    status: observation.status,
    kmsKeyArn: observation.kmsKeyArn,
    ...(observation.inaccessibleKmsKeyDateTime ? { inaccessibleKmsKeyDateTime: observation.inaccessibleKmsKeyDateTime } : {}),
    observedAt: observation.observedAt,
  };
  if (!recorded && observation.status === 'ENABLED') {
    return { kind: 'baseline', effects: [{ kind: 'record-state', key, expectedVersion: undefined, state: { ...state, version: 1 } }] };
  }
  const alert = statusChangedAlert(recorded, observation);
  return { kind: 'transition', alert, effects: [...owed, ...recordAndDeliver(key, recorded, state, alert)] };
}

function statusChangedAlert(recorded: RecordedEncryption | undefined, o: EncryptionObservation): StatusChangedAlert {
  const version = (recorded?.version ?? 0) + 1;
  const transitionId = stableId(o.ledgerArn, recorded?.status, recorded?.kmsKeyArn, o.status, o.kmsKeyArn, version);
  const resources = o.kmsKeyArn === AWS_OWNED_KMS_KEY ? [o.ledgerArn] : [o.ledgerArn, o.kmsKeyArn];
  return {
    ledgerName: o.ledgerName,
    alertId: transitionId,
    detailType: DETAIL_TYPES.statusChanged,
    time: eventTime(o.observedAt),
    resources,
    detail: {
      ledgerName: o.ledgerName,
      ledgerArn: o.ledgerArn,
      previousStatus: recorded?.status ?? null,
      status: o.status,
      kmsKeyArn: o.kmsKeyArn,
      previousKmsKeyArn: recorded?.kmsKeyArn ?? null,
      ...(o.inaccessibleKmsKeyDateTime ? { inaccessibleKmsKeyDateTime: o.inaccessibleKmsKeyDateTime } : {}),
      observedAt: o.observedAt,
      detectedBy: o.detectedBy,
      transitionId,
    },
  };
}
