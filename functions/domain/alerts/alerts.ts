/**
 * The alerts keydrill raises, as a contract (README "Alerts", schemas/alerts/*.schema.json). QLDB publishes
 * no event for its encryption status, only DescribeLedger shows it (docs/alerts.md#why-keydrill-publishes-its-own),
 * so these are keydrill's own events: a custom `source`, never `aws.*`, which PutEvents refuses
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-events-structure.html).
 */

export const ALERT_SOURCE = 'keydrill.ledger';

export const DETAIL_TYPES = {
  statusChanged: 'Ledger Encryption Status Changed',
  keyAtRisk: 'Ledger Key At Risk',
  projectionLagging: 'Journal Projection Lagging',
} as const;

export type DetailType = (typeof DETAIL_TYPES)[keyof typeof DETAIL_TYPES];

/** DescribeLedger's EncryptionStatus (https://docs.aws.amazon.com/qldb/latest/developerguide/API_LedgerEncryptionDescription.html). */
export type EncryptionStatus = 'ENABLED' | 'UPDATING' | 'KMS_KEY_INACCESSIBLE';
export const ENCRYPTION_STATUSES: readonly EncryptionStatus[] = ['ENABLED', 'UPDATING', 'KMS_KEY_INACCESSIBLE'];

/** Who noticed: the function on the journal stream, or the scheduled monitor. */
export type Detector = 'journal-stream' | 'monitor';

export interface StatusChangedDetail {
  ledgerName: string;
  ledgerArn: string;
  /** null only when the very first observation of a ledger is not ENABLED: nothing earlier was seen. */
  previousStatus: EncryptionStatus | null;
  status: EncryptionStatus;
  kmsKeyArn: string;
  previousKmsKeyArn: string | null;
  inaccessibleKmsKeyDateTime?: string;
  observedAt: string;
  detectedBy: Detector;
  transitionId: string;
}

export interface KeyAtRiskDetail {
  ledgerName: string;
  kmsKeyArn: string;
  eventName: KeyAtRiskEventName;
  eventTime: string;
  /** The caller's ARN, as CloudTrail records it. */
  userIdentity: string;
  pendingDeletionDate?: string;
  /** UpdateAlias only: the alias the stack names that was re-pointed, and where it points now. */
  aliasName?: string;
  targetKeyId?: string;
  /** The CloudTrail eventID: one alert per KMS call, however often the event is delivered. */
  alertId: string;
}

export type KeyAtRiskEventName = 'DisableKey' | 'ScheduleKeyDeletion' | 'RevokeGrant' | 'RetireGrant' | 'PutKeyPolicy' | 'UpdateAlias';

export type ProjectionState = 'LAGGING' | 'CAUGHT_UP';

export interface ProjectionLaggingDetail {
  ledgerName: string;
  ledgerArn: string;
  state: ProjectionState;
  /** How long the projection has been behind the ledger's tip (0 once caught up). */
  lagSeconds: number;
  maxLagSeconds: number;
  ledgerTipSequenceNo: number;
  projectedSequenceNo: number | null;
  observedAt: string;
  transitionId: string;
}

interface AlertOf<T extends DetailType, D> {
  /** Partition of the alerts table: alerts are read per ledger. */
  ledgerName: string;
  /** Stable across retries and duplicate deliveries: the alerts table keeps one item per id. */
  alertId: string;
  detailType: T;
  /** The event's time (ISO-8601): when the change was observed or the KMS call happened. */
  time: string;
  resources: string[];
  detail: D;
}

export type StatusChangedAlert = AlertOf<typeof DETAIL_TYPES.statusChanged, StatusChangedDetail>;
export type KeyAtRiskAlert = AlertOf<typeof DETAIL_TYPES.keyAtRisk, KeyAtRiskDetail>;
export type ProjectionLaggingAlert = AlertOf<typeof DETAIL_TYPES.projectionLagging, ProjectionLaggingDetail>;
export type Alert = StatusChangedAlert | KeyAtRiskAlert | ProjectionLaggingAlert;

/** EventBridge's event time is ISO-8601 in whole seconds. */
export const eventTime = (iso: string) => iso.replace(/\.\d+Z$/, 'Z');

/** The PutEvents entry that publishes an alert (https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutEventsRequestEntry.html). */
export function putEventsEntry(alert: Alert, eventBusName: string) {
  return {
    EventBusName: eventBusName,
    Source: ALERT_SOURCE,
    DetailType: alert.detailType,
    Time: new Date(alert.time),
    Resources: alert.resources,
    Detail: JSON.stringify(alert.detail),
  };
}
