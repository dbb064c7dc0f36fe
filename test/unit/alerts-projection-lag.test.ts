import type { ProjectionLaggingAlert } from '../../functions/domain/alerts/alerts';
import type { RecordState } from '../../functions/domain/alerts/effects';
import { decideLag, type LagObservation, type RecordedLag } from '../../functions/domain/alerts/projection-lag';

const LEDGER_ARN = 'arn:aws:qldb:us-east-1:000000000000:ledger/keydrill-ledger';
const MAX_LAG_MS = 10_000;
const at = (seconds: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, seconds)).toISOString();
const look = (seconds: number, tip: number, projected: number | undefined): LagObservation => ({ ledgerName: 'keydrill-ledger', ledgerArn: LEDGER_ARN, ledgerTipSequenceNo: tip, projectedSequenceNo: projected, observedAt: at(seconds) });

/** Applies a decision's state write, as the status table would hold it once delivered. */
function after(recorded: RecordedLag | undefined, o: LagObservation): { kind: string; state: RecordedLag | undefined; alert?: ProjectionLaggingAlert } {
  const decision = decideLag(recorded, o, MAX_LAG_MS);
  const write = decision.effects.find((e): e is RecordState => e.kind === 'record-state');
  const state = write ? ({ ...(write.state as RecordedLag), pendingAlert: undefined } as RecordedLag) : recorded;
  return { kind: decision.kind, state, alert: decision.kind === 'transition' ? decision.alert : undefined };
}

test('caught up at the first look: recorded quietly, no alert', () => {
  const first = after(undefined, look(0, 5, 5));
  expect(first.kind).toBe('quiet');
  expect(first.state).toMatchObject({ state: 'CAUGHT_UP', version: 1 });
  expect(first.state).not.toHaveProperty('behindSince');
  expect(after(first.state, look(1, 5, 5)).kind).toBe('unchanged');
});

test('behind for less than the allowed lag raises nothing; past it, one LAGGING; then one CAUGHT_UP', () => {
  let s = after(undefined, look(0, 5, 5)).state;
  const fell = after(s, look(1, 7, 5));
  expect(fell.kind).toBe('quiet');
  expect(fell.state?.behindSince).toBe(at(1));
  s = fell.state;
  expect(after(s, look(5, 9, 6)).kind).toBe('unchanged');
  expect(after(s, look(11, 9, 6)).kind).toBe('unchanged'); // exactly 10 s: not more than the allowed lag
  const lagging = after(s, look(12, 9, 6));
  expect(lagging.kind).toBe('transition');
  expect(lagging.alert?.detail).toMatchObject({ state: 'LAGGING', lagSeconds: 11, maxLagSeconds: 10, ledgerTipSequenceNo: 9, projectedSequenceNo: 6, observedAt: at(12) });
  expect(lagging.alert).toMatchObject({ detailType: 'Journal Projection Lagging', resources: [LEDGER_ARN], alertId: lagging.alert?.detail.transitionId });
  s = lagging.state;
  expect(after(s, look(20, 10, 8)).kind).toBe('unchanged');
  const caughtUp = after(s, look(30, 10, 10));
  expect(caughtUp.kind).toBe('transition');
  expect(caughtUp.alert?.detail).toMatchObject({ state: 'CAUGHT_UP', lagSeconds: 0 });
  expect(caughtUp.state).not.toHaveProperty('behindSince');
  expect(caughtUp.alert?.detail.transitionId).not.toBe(lagging.alert?.detail.transitionId);
});

test('behind then caught up before the allowed lag: no alert, and the next lag is counted afresh', () => {
  let s = after(undefined, look(0, 5, 5)).state;
  s = after(s, look(1, 6, 5)).state;
  const back = after(s, look(5, 6, 6));
  expect(back.kind).toBe('quiet');
  expect(back.state).not.toHaveProperty('behindSince');
  s = after(back.state, look(100, 7, 6)).state;
  expect(s?.behindSince).toBe(at(100));
  expect(after(s, look(105, 7, 6)).kind).toBe('unchanged');
});

test('a projection that wrote no progress yet counts as behind', () => {
  const s = after(undefined, look(0, 3, undefined)).state;
  expect(s?.behindSince).toBe(at(0));
  expect(after(s, look(11, 3, undefined)).alert?.detail).toMatchObject({ state: 'LAGGING', projectedSequenceNo: null });
});

test('an older look never overwrites a newer one', () => {
  const s = after(after(undefined, look(10, 5, 5)).state, look(20, 6, 5)).state;
  expect(decideLag(s, look(15, 5, 5), MAX_LAG_MS)).toEqual({ kind: 'stale', effects: [] });
});

test('writes are conditional on the version read', () => {
  const s = after(undefined, look(0, 5, 5)).state;
  const decision = decideLag(s, look(1, 6, 5), MAX_LAG_MS);
  expect(decision.effects).toEqual([{ kind: 'record-state', key: { ledgerName: 'keydrill-ledger', aspect: 'PROJECTION_LAG' }, expectedVersion: 1, state: { state: 'CAUGHT_UP', behindSince: at(1), observedAt: at(1), version: 2 } }]);
});
