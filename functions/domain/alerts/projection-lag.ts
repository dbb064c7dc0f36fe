import { DETAIL_TYPES, eventTime, type ProjectionLaggingAlert, type ProjectionState } from './alerts';
import { pendingDeliveries, recordAndDeliver, type AlertEffect, type StateKey, type Versioned } from './effects';
import { stableId } from './ids';

/** The projection's lag as last recorded in the status table. */
export interface RecordedLag extends Versioned {
  state: ProjectionState;
  /** When the monitor first saw the projection behind the ledger's tip; absent while it is caught up. */
  behindSince?: string;
  observedAt: string;
}

/** One look at both sides: the ledger's tip (GetDigest) and the projection's high-water mark (its PROGRESS item). */
export interface LagObservation {
  ledgerName: string;
  ledgerArn: string;
  ledgerTipSequenceNo: number;
  /** undefined until the projector has written any progress. */
  projectedSequenceNo: number | undefined;
  observedAt: string;
}

export type LagDecision =
  | { kind: 'stale'; effects: AlertEffect[] }
  | { kind: 'unchanged'; effects: AlertEffect[] }
  /** A change that raises nothing (it fell behind, not yet for longer than allowed; or a first look): recorded. */
  | { kind: 'quiet'; effects: AlertEffect[] }
  | { kind: 'transition'; alert: ProjectionLaggingAlert; effects: AlertEffect[] };

export const lagKey = (ledgerName: string): StateKey => ({ ledgerName, aspect: 'PROJECTION_LAG' });

/**
 * The lag rule. The projection is behind while the ledger's tip block is past its high-water mark, and its lag
 * is how long that has been so: from the first check that saw it behind, not from the last block projected
 * (a quiet ledger whose projection is up to date has no lag, however old its last block). LAGGING is raised
 * when the lag exceeds `maxLagMs`, CAUGHT_UP when a LAGGING projection reaches the tip again; each once.
 */
export function decideLag(recorded: RecordedLag | undefined, o: LagObservation, maxLagMs: number): LagDecision {
  const key = lagKey(o.ledgerName);
  const owed = pendingDeliveries(key, recorded);
  if (recorded && o.observedAt < recorded.observedAt) return { kind: 'stale', effects: owed };
  const behind = o.projectedSequenceNo === undefined || o.ledgerTipSequenceNo > o.projectedSequenceNo;
  const wasLagging = recorded?.state === 'LAGGING';

  if (!behind) {
    if (wasLagging) return transition(recorded, o, 'CAUGHT_UP', undefined, maxLagMs, owed);
    if (recorded && recorded.behindSince === undefined) return { kind: 'unchanged', effects: owed };
    return { kind: 'quiet', effects: [...owed, record(key, recorded, { state: 'CAUGHT_UP', observedAt: o.observedAt })] };
  }
  const behindSince = recorded?.behindSince ?? o.observedAt;
  const lagMs = Date.parse(o.observedAt) - Date.parse(behindSince);
  if (!wasLagging && lagMs > maxLagMs) return transition(recorded, o, 'LAGGING', behindSince, maxLagMs, owed);
  if (recorded?.behindSince !== undefined) return { kind: 'unchanged', effects: owed };
  return { kind: 'quiet', effects: [...owed, record(key, recorded, { state: recorded?.state ?? 'CAUGHT_UP', behindSince, observedAt: o.observedAt })] };
}

/** No pendingAlert: an owed alert is delivered (and cleared) by the effects before this write, or the run stops. */
function record(key: StateKey, recorded: RecordedLag | undefined, state: Omit<RecordedLag, 'version' | 'pendingAlert'>): AlertEffect {
  return { kind: 'record-state', key, expectedVersion: recorded?.version, state: { ...state, version: (recorded?.version ?? 0) + 1 } };
}

function transition(recorded: RecordedLag | undefined, o: LagObservation, state: ProjectionState, behindSince: string | undefined, maxLagMs: number, owed: AlertEffect[]): LagDecision {
  const version = (recorded?.version ?? 0) + 1;
  const transitionId = stableId(o.ledgerArn, 'projection', state, version);
  const lagMs = behindSince ? Date.parse(o.observedAt) - Date.parse(behindSince) : 0;
  const alert: ProjectionLaggingAlert = {
    ledgerName: o.ledgerName,
    alertId: transitionId,
    detailType: DETAIL_TYPES.projectionLagging,
    time: eventTime(o.observedAt),
    resources: [o.ledgerArn],
    detail: {
      ledgerName: o.ledgerName,
      ledgerArn: o.ledgerArn,
      state,
      lagSeconds: Math.round(lagMs / 1000),
      maxLagSeconds: Math.round(maxLagMs / 1000),
      ledgerTipSequenceNo: o.ledgerTipSequenceNo,
      projectedSequenceNo: o.projectedSequenceNo ?? null,
      observedAt: o.observedAt,
      transitionId,
    },
  };
  const next: Omit<RecordedLag, 'version' | 'pendingAlert'> = { state, ...(behindSince ? { behindSince } : {}), observedAt: o.observedAt };
  return { kind: 'transition', alert, effects: [...owed, ...recordAndDeliver(lagKey(o.ledgerName), recorded, next, alert)] };
}
