import type { ScenarioReport } from '../../functions/domain/drills/scenario-report';
import { notRunOf, scenariosOf, stopText, type DrillReport } from '../drill-report/report-shape';
import type { LifecycleSummary } from './lifecycle-summary';

export const SUMMARY_HEADING = 'keydrill demo: summary';

const ms = (value: number | null | undefined) => (value === null || value === undefined ? '—' : value < 1000 ? `${Math.round(value)} ms` : `${(value / 1000).toFixed(1)} s`);

/** The earliest of the detections (either alert, or DescribeLedger): when someone watching would have known. */
export function timeToDetect(s: ScenarioReport): number | null {
  const d = s.measurements.timeToDetect;
  const seen = [d.keyAtRiskMs, d.statusChangeAlertMs, d.describeLedgerMs].filter((v): v is number => v !== null);
  return seen.length ? Math.min(...seen) : null;
}

/** Columns padded to their widest cell, two spaces apart. */
function table(rows: string[][]): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((cell, i) => cell.padEnd(widths[i])).join('  ').trimEnd());
}

export function lifecycleLines(l: LifecycleSummary): string[] {
  const proofs = l.proofsVerified === undefined ? '—' : `${l.proofsVerified}${l.proofsTotal === undefined ? '' : ` / ${l.proofsTotal}`}`;
  const erasure = l.erasureVerified === undefined ? '—' : l.erasureVerified ? 'yes' : 'NO';
  return table([
    ['lifecycle', 'verdict', 'documents', 'proofs verified', 'erasure verified'],
    ['DataLifecycle', l.verdict, l.documents === undefined ? '—' : String(l.documents), proofs, erasure],
  ]);
}

/**
 * A row per scenario of the suite's report, then (a stopped suite's) a NOT RUN row per scenario it never started,
 * as report.md lists them, and the sentence saying how it stopped.
 */
export function scenarioLines(report: DrillReport): string[] {
  const stop = stopText(report);
  return [
    ...table([
      ['scenario', 'verdict', 'availability', 'p50', 'p99', 'time to detect', 'time to recover'],
      ...scenariosOf(report).map((s) => {
        const all = s.measurements.probes.all;
        return [
          s.scenario,
          s.verdict,
          all.availabilityPercent === null ? '—' : `${all.availabilityPercent.toFixed(2)} %`,
          ms(all.latencyMs?.p50),
          ms(all.latencyMs?.p99),
          ms(timeToDetect(s)),
          ms(s.measurements.timeToRecoverMs),
        ];
      }),
      ...notRunOf(report).map((name) => [name, 'NOT RUN', '—', '—', '—', '—', '—']),
    ]),
    ...(stop ? ['', stop] : []),
  ];
}
