import type { ScenarioReport } from '../../functions/domain/drills/scenario-report';
import { figureRows, isSuiteReport, notRunOf, probeWindowRows, scenariosOf, stopText, type DrillReport } from './report-shape';

/** A Markdown table cell: no line breaks, no column separators, no raw HTML (GitHub renders it). */
export const cell = (value: unknown) => String(value).replace(/\r?\n|\r/g, ' ').replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/</g, '&lt;');

function scenarioSection(s: ScenarioReport): string[] {
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
    ...probeWindowRows(s).map((row) => `| ${row.map(cell).join(' | ')} |`),
    '',
    '| figure | value |',
    '|---|---|',
    ...figureRows(s).map((row) => `| ${row.map(cell).join(' | ')} |`),
    '',
  );
  return lines;
}

/** report.md: the verdicts first, then each scenario's expectations and figures (fits a GitHub job summary). */
export function renderMarkdown(report: DrillReport): string {
  const scenarios = scenariosOf(report);
  const lines = [`# keydrill drills: ${report.verdict}`, ''];
  const stop = stopText(report);
  const notRun = notRunOf(report);
  if (stop) lines.push(`**Stopped:** ${cell(stop)}.${notRun.length ? ` Not run: ${notRun.map(cell).join(', ')}.` : ''}`, '');
  if (isSuiteReport(report)) {
    lines.push('| scenario | verdict | expectations passed |', '|---|---|---|');
    for (const s of scenarios) lines.push(`| ${cell(s.scenario)} | ${s.verdict} | ${s.expectations.filter((e) => e.outcome === 'PASSED').length} / ${s.expectations.length} |`);
    for (const name of notRun) lines.push(`| ${cell(name)} | NOT RUN | — |`);
    lines.push('');
  }
  for (const s of scenarios) lines.push(...scenarioSection(s));
  return `${lines.join('\n').trimEnd()}\n`;
}
