import type { Alert } from './alerts';

/**
 * What a check asks of its stores and the alerts bus, as data (the shape of ../projection/intents.ts): the
 * handlers execute the effects in order, the unit tests read them.
 *
 * Exactly one alert per transition rests on two rules:
 * - A transition is recorded by ONE conditional write of the status item (`version = :expected`, or absent
 *   for the first), carrying the alert it owes as `pendingAlert`. Of two publishers that saw the same change,
 *   one write wins; the other re-reads, finds the change recorded and does nothing.
 * - The alert is then delivered from that record: kept in the alerts table (put if absent, by alertId),
 *   claimed (a lease, so of two runs that owe it one publishes), published unless its item says it already
 *   was, marked published, and `pendingAlert` cleared. A publisher
 *   that stopped half-way leaves `pendingAlert` behind, and the next check delivers it first.
 * The one window left is a stop between PutEvents and marking the alert published: the alert is then
 * published again with the same transitionId, which is why consumers get one to deduplicate on.
 */

/** Which state a status item holds: one item per ledger and aspect. */
export type Aspect = 'ENCRYPTION' | 'PROJECTION_LAG';

export interface StateKey {
  ledgerName: string;
  aspect: Aspect;
}

/** Every recorded state carries its version (the write condition) and the alert it still owes, if any. */
export interface Versioned {
  version: number;
  pendingAlert?: Alert;
}

/** Status table: PutItem if `attribute_not_exists(ledgerName)` (expectedVersion undefined) or `version = :expected`. */
export interface RecordState<S extends Versioned = Versioned> {
  kind: 'record-state';
  key: StateKey;
  expectedVersion: number | undefined;
  state: S;
}

/**
 * Alerts table: PutItem if absent (by ledger + time#alertId); unless the kept item is already marked
 * published: claim it (or leave it to the run that holds the claim), PutEvents, mark it published; then, with `clearPendingOf`, REMOVE that status item's pendingAlert
 * if it is still this alert.
 */
export interface Deliver {
  kind: 'deliver';
  alert: Alert;
  clearPendingOf?: StateKey;
}

export type AlertEffect = RecordState | Deliver;

/** A recorded state whose alert was not delivered yet owes that delivery before anything else. */
export function pendingDeliveries(key: StateKey, recorded: Versioned | undefined): Deliver[] {
  return recorded?.pendingAlert ? [{ kind: 'deliver', alert: recorded.pendingAlert, clearPendingOf: key }] : [];
}

/** The write that records a transition and the delivery of the alert it owes, in that order. */
export function recordAndDeliver<S extends Versioned>(key: StateKey, recorded: Versioned | undefined, state: Omit<S, 'version' | 'pendingAlert'>, alert: Alert): AlertEffect[] {
  const next = { ...state, version: (recorded?.version ?? 0) + 1, pendingAlert: alert } as unknown as S;
  return [
    { kind: 'record-state', key, expectedVersion: recorded?.version, state: next },
    { kind: 'deliver', alert, clearPendingOf: key },
  ];
}
