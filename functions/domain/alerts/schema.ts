import type { Alert } from './alerts';

/**
 * The alert tables' DynamoDB schema, fixed: infra/constructs/encryption-alerts.ts and `keydrill alerts` are
 * written against it.
 *
 * Status table, key ledgerName (S) + aspect (S): one item per ledger and aspect (ENCRYPTION, PROJECTION_LAG),
 *   the recorded state, its `version` (the condition of every write) and `pendingAlert` (JSON) while owed.
 * Alerts table, key ledgerName (S) + raisedAt (S) = <event time>#<alertId>: every alert raised, so a Query by
 *   ledger with `raisedAt >= <time>` lists them in time order; `published` says whether it reached the bus.
 */
export const STATUS_PARTITION_KEY = 'ledgerName';
export const STATUS_SORT_KEY = 'aspect';
export const ALERTS_PARTITION_KEY = 'ledgerName';
export const ALERTS_SORT_KEY = 'raisedAt';

export const raisedAt = (alert: Pick<Alert, 'time' | 'alertId'>) => `${alert.time}#${alert.alertId}`;

/** An alert as the alerts table keeps it. */
export interface KeptAlert {
  ledgerName: string;
  raisedAt: string;
  alertId: string;
  detailType: Alert['detailType'];
  time: string;
  resources: string[];
  /** The event's detail as JSON text, exactly as published. */
  detail: string;
  published: boolean;
  publishedAt?: string;
}

export const keptAlert = (alert: Alert): KeptAlert => ({
  ledgerName: alert.ledgerName,
  raisedAt: raisedAt(alert),
  alertId: alert.alertId,
  detailType: alert.detailType,
  time: alert.time,
  resources: alert.resources,
  detail: JSON.stringify(alert.detail),
  published: false,
});
