import type { ProbeOperation } from '../../functions/domain/drills/drill-record';

/** The moment drill fixtures count from, and the ISO time `ms` after it. */
const T0 = Date.parse('2026-12-02T10:00:00.000Z');
export const at = (ms: number) => new Date(T0 + ms).toISOString();

/** An application read by a pooled session at `ms`: successful, or failed with `failure`'s error. */
export const probe = (ms: number, latencyMs: number, failure?: { errorName: string; errorMessage: string }, extra: Partial<ProbeOperation> = {}): ProbeOperation => ({
  at: at(ms),
  role: 'application',
  kind: 'read',
  session: 'pooled',
  ok: failure === undefined,
  latencyMs,
  ...failure,
  ...extra,
});
