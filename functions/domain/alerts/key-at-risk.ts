import { DETAIL_TYPES, eventTime, type KeyAtRiskAlert, type KeyAtRiskEventName } from './alerts';
import { stableId } from './ids';

/**
 * "Ledger Key At Risk": an early warning from the KMS management events CloudTrail delivers to the default
 * bus ("AWS API Call via CloudTrail", https://docs.aws.amazon.com/kms/latest/developerguide/logging-using-cloudtrail.html),
 * before the ledger's next key check notices anything.
 */

/** The part of the EventBridge envelope and CloudTrail record this reads (docs/alerts.md#kms-events). */
export interface CloudTrailKmsEvent {
  'detail-type'?: string;
  source?: string;
  detail?: {
    eventName?: string;
    eventTime?: string;
    eventID?: string;
    userIdentity?: { type?: string; arn?: string; invokedBy?: string };
    requestParameters?: Record<string, unknown> | null;
    responseElements?: Record<string, unknown> | null;
    additionalEventData?: Record<string, unknown> | null;
    resources?: Array<{ ARN?: string; type?: string }>;
  };
}

/** What the event is compared with: the ledger's current key, as the status table last recorded it. */
export interface KeyWatch {
  ledgerName: string;
  ledgerArn: string;
  kmsKeyArn: string;
  /**
   * QLDB's grants on that key, as last listed; undefined when unknown, and then any revoked or retired grant
   * of the key counts (an early warning errs towards warning).
   */
  qldbGrantIds?: ReadonlySet<string>;
  /** The aliases the stack names (alias/…): re-pointing one is a risk whatever key it pointed to. */
  watchedAliases: ReadonlySet<string>;
}

/** The rule's pattern (on the default bus): the calls that can take a key away from its ledger. */
export const KEY_AT_RISK_EVENT_NAMES: readonly KeyAtRiskEventName[] = ['DisableKey', 'ScheduleKeyDeletion', 'RevokeGrant', 'RetireGrant', 'PutKeyPolicy', 'UpdateAlias'];

export const keyAtRiskPattern = () => ({
  source: ['aws.kms'],
  'detail-type': ['AWS API Call via CloudTrail'],
  detail: { eventSource: ['kms.amazonaws.com'], eventName: [...KEY_AT_RISK_EVENT_NAMES] },
});

/** KMS's default waiting period when ScheduleKeyDeletion names none (https://docs.aws.amazon.com/kms/latest/APIReference/API_ScheduleKeyDeletion.html). */
const DEFAULT_PENDING_WINDOW_DAYS = 30;
const DAY_MS = 86_400_000;

const isEventName = (name: string | undefined): name is KeyAtRiskEventName => KEY_AT_RISK_EVENT_NAMES.includes(name as KeyAtRiskEventName);
const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

/** The alert an event raises for the ledger, or undefined when it does not touch the ledger's key. */
export function keyAtRisk(event: CloudTrailKmsEvent, watch: KeyWatch): KeyAtRiskAlert | undefined {
  const d = event.detail;
  if (event.source !== 'aws.kms' || event['detail-type'] !== 'AWS API Call via CloudTrail' || !d || !isEventName(d.eventName) || !d.eventTime) return undefined;
  const request = d.requestParameters ?? {};
  const eventName = d.eventName;
  let extra: Pick<KeyAtRiskAlert['detail'], 'pendingDeletionDate' | 'aliasName' | 'targetKeyId'> = {};
  if (eventName === 'UpdateAlias') {
    const aliasName = text(request.aliasName);
    if (!aliasName || !watch.watchedAliases.has(aliasName)) return undefined;
    extra = { aliasName, ...(text(request.targetKeyId) ? { targetKeyId: text(request.targetKeyId) } : {}) };
  } else {
    if (!keyArnsOf(d).includes(watch.kmsKeyArn)) return undefined;
    if (eventName === 'RetireGrant' && retiredByQldb(d.userIdentity)) return undefined;
    if (eventName === 'RevokeGrant' || eventName === 'RetireGrant') {
      const grantId = text(request.grantId) ?? text(d.additionalEventData?.grantId);
      if (watch.qldbGrantIds && (!grantId || !watch.qldbGrantIds.has(grantId))) return undefined;
    }
    if (eventName === 'ScheduleKeyDeletion') extra = { pendingDeletionDate: pendingDeletionDate(d.eventTime, request, d.responseElements) };
  }
  const alertId = stableId(watch.ledgerName, d.eventID ?? `${eventName}@${d.eventTime}`);
  return {
    ledgerName: watch.ledgerName,
    alertId,
    detailType: DETAIL_TYPES.keyAtRisk,
    time: eventTime(d.eventTime),
    resources: [watch.ledgerArn, watch.kmsKeyArn],
    detail: {
      ledgerName: watch.ledgerName,
      kmsKeyArn: watch.kmsKeyArn,
      eventName,
      eventTime: d.eventTime,
      userIdentity: d.userIdentity?.arn ?? 'unknown',
      ...extra,
      alertId,
    },
  };
}

/**
 * QLDB itself retires its grant on a key the ledger has moved off (after a re-key): that is the end of a
 * change already reported by the status alerts, not a risk. CloudTrail records a service acting on its own
 * behalf as userIdentity type AWSService (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-user-identity.html).
 */
function retiredByQldb(identity: NonNullable<CloudTrailKmsEvent['detail']>['userIdentity']): boolean {
  return identity?.type === 'AWSService' && (identity.invokedBy === QLDB_SERVICE || identity.arn === QLDB_SERVICE);
}

const QLDB_SERVICE = 'qldb.amazonaws.com';

/**
 * The key ARNs an event names: the record's `resources` (KMS lists the key there), then responseElements.keyId
 * (the ARN since Dec 2022), then requestParameters.keyId when the caller passed an ARN.
 */
function keyArnsOf(d: NonNullable<CloudTrailKmsEvent['detail']>): string[] {
  const arns = (d.resources ?? []).map((r) => r.ARN).filter((a): a is string => typeof a === 'string' && a.includes(':key/'));
  for (const candidate of [text(d.responseElements?.keyId), text(d.requestParameters?.keyId)]) {
    if (candidate?.startsWith('arn:') && candidate.includes(':key/')) arns.push(candidate);
  }
  return arns;
}

/** responseElements.deletionDate when KMS gave one; otherwise the event time plus the requested window. */
function pendingDeletionDate(time: string, request: Record<string, unknown>, response: Record<string, unknown> | null | undefined): string {
  const given = text(response?.deletionDate);
  if (given && !Number.isNaN(Date.parse(given))) return new Date(given).toISOString();
  const days = typeof request.pendingWindowInDays === 'number' ? request.pendingWindowInDays : DEFAULT_PENDING_WINDOW_DAYS;
  return new Date(Date.parse(time) + days * DAY_MS).toISOString();
}
