import type { RunProgress } from './results-table';

const figure = (value: number | null | undefined, unit: string) => (value === null || value === undefined ? '—' : `${Math.round(value)} ${unit}`);

/** The probe's figures so far, in one line: "42 operations, 2 failed, 95.24 % available, p50 4 ms, p99 19 ms". */
export function probesText(probes: NonNullable<RunProgress['probes']>): string {
  const availability = probes.availabilityPercent === null || probes.availabilityPercent === undefined ? '—' : `${probes.availabilityPercent.toFixed(2)} %`;
  return `${probes.operations ?? 0} operations, ${probes.failures ?? 0} failed, ${availability} available, p50 ${figure(probes.p50, 'ms')}, p99 ${figure(probes.p99, 'ms')}`;
}

/** A counter as "done / total", tolerant of the halves a run has not filled in yet. */
export const countText = (done: number | undefined, total: number | undefined) => `${done ?? 0} / ${total ?? '?'}`;

/** The lifecycle's counters in one line, those present only: "ingest 600 / 1500, projection 400 / 1500". */
export function countsText(progress: RunProgress): string | undefined {
  const parts = [
    progress.ingest && `ingest ${countText(progress.ingest.committed, progress.ingest.total)}`,
    progress.projection && `projection ${countText(progress.projection.projected, progress.projection.total)}`,
    progress.proofs && `proofs ${countText(progress.proofs.verified, progress.proofs.total)}`,
  ].filter((p): p is string => Boolean(p));
  return parts.length ? parts.join(', ') : undefined;
}
