import type { ScenarioReport } from '../../functions/domain/drills/scenario-report';
import type { ProbeWindowFigures } from '../../functions/domain/drills/measurements';
import { duration, isSuiteReport, scenariosOf, type DrillReport } from './report-shape';

/** A Markdown table cell: no line breaks, no column separators, no raw HTML (GitHub renders it). */
export const cell = (value: unknown) => String(value).replace(/\r?\n|\r/g, ' ').replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/</g, '&lt;');

const availability = (w: ProbeWindowFigures) => (w.availabilityPercent === null ? '—' : `${w.availabilityPercent.toFixed(2)} %`);
const latency = (w: ProbeWindowFigures) => (w.latencyMs ? `${w.latencyMs.p50} / ${w.latencyMs.p99} / ${w.latencyMs.max} ms` : '—');
const failures = (w: ProbeWindowFigures) => Object.entries(w.failuresByError).map(([name, n]) => `${name} ×${n}`).join(', ') || '—';

function scenarioSection(s: ScenarioReport): string[] {
  const m = s.measurements;
  const lines = [
    `## ${cell(s.scenario)}: ${s.verdict}`,
    '',
    `${cell(s.disruption)}${s.dryRun ? ' (dry run)' : ''}. ${cell(s.startedAt)} → ${cell(s.endedAt)}${s.executionArn ? `, execution \`${cell(s.executionArn)}\`` : ''}.`,
    '',
  ];
  if (s.error) lines.push(`**The drill failed:** ${cell(s.error.name)}: ${cell(s.error.message)}`, '');
  lines.push('| expectation | outcome | observed |', '|---|---|---|', ...s.expectations.map((e) => `| ${cell(e.description)} | ${e.outcome} | ${cell(e.observed)} |`), '');
  lines.push(
    '| probe window | operations | failures | availability | latency p50 / p99 / max |',
    '|---|---|---|---|---|',
    ...(['before', 'during', 'after', 'all'] as const).map((w) => `| ${w} | ${m.probes[w].operations} | ${cell(failures(m.probes[w]))} | ${availability(m.probes[w])} | ${latency(m.probes[w])} |`),
    '',
    '| figure | value |',
    '|---|---|',
    `| time to detect: "Ledger Key At Risk" | ${duration(m.timeToDetect.keyAtRiskMs)} |`,
    `| time to detect: status-change alert | ${duration(m.timeToDetect.statusChangeAlertMs)} |`,
    `| time to detect: DescribeLedger | ${duration(m.timeToDetect.describeLedgerMs)} |`,
    `| time to detect: InaccessibleKmsKeyDateTime | ${duration(m.timeToDetect.inaccessibleSinceMs)} |`,
    `| time to impact | ${duration(m.timeToImpactMs)} |`,
    `| time to recover | ${duration(m.timeToRecoverMs)} |`,
    `| UPDATING duration | ${duration(m.updatingDurationMs)} |`,
    `| rollback | ${duration(m.rollbackDurationMs)}${s.rollback ? (s.rollback.restored ? ', baseline restored' : `, **not restored**: ${cell((s.rollback.leftChanged ?? []).join(', ') || 'unknown')}`) : ''} |`,
    '',
  );
  return lines;
}

/** report.md: the verdicts first, then each scenario's expectations and figures (fits a GitHub job summary). */
export function renderMarkdown(report: DrillReport): string {
  const scenarios = scenariosOf(report);
  const lines = [`# keydrill drills: ${report.verdict}`, ''];
  if (isSuiteReport(report)) {
    lines.push('| scenario | verdict | expectations passed |', '|---|---|---|');
    for (const s of scenarios) lines.push(`| ${cell(s.scenario)} | ${s.verdict} | ${s.expectations.filter((e) => e.outcome === 'PASSED').length} / ${s.expectations.length} |`);
    lines.push('');
  }
  for (const s of scenarios) lines.push(...scenarioSection(s));
  return `${lines.join('\n').trimEnd()}\n`;
}
