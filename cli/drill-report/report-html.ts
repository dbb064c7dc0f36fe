import type { ScenarioReport } from '../../functions/domain/drills/scenario-report';
import { escapeMarkup as x } from './markup';
import { figureRows, notRunOf, probeWindowRows, scenariosOf, stopText, type DrillReport } from './report-shape';
import { timelineSvg } from './timeline-svg';

const STYLE = `body{font:14px/1.45 system-ui,sans-serif;margin:24px;color:#222}table{border-collapse:collapse;margin:8px 0 16px}
td,th{border:1px solid #ccc;padding:3px 8px;text-align:left;vertical-align:top}.verdict{font-weight:700;padding:1px 6px;border-radius:3px;color:#fff}
.PASSED{background:#2e7d32}.FAILED{background:#c62828}.ERROR{background:#6a1b9a}.STOPPED{background:#616161}.NOT-RUN{background:#9e9e9e}
.lane-label,.axis,.marker-label{font-size:11px;fill:#333}section{margin-bottom:32px}`;

const verdict = (v: string) => `<span class="verdict ${x(v)}">${x(v)}</span>`;

function scenarioSection(s: ScenarioReport): string {
  const rows = (cells: string[][]) => cells.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('');
  const plain = (cells: string[][]) => rows(cells.map((r) => r.map(x)));
  return `<section id="${x(`scenario-${s.scenario}`)}">
<h2>${x(s.scenario)} ${verdict(s.verdict)}</h2>
<p>${x(s.disruption)}${s.dryRun ? ' (dry run)' : ''}. ${x(s.startedAt)} → ${x(s.endedAt)}${s.executionArn ? `, execution <code>${x(s.executionArn)}</code>` : ''}</p>
${s.error ? `<p><strong>The drill failed:</strong> ${x(s.error.name)}: ${x(s.error.message)}</p>` : ''}
${timelineSvg(s)}
<table><tr><th>expectation</th><th>outcome</th><th>observed</th></tr>${rows(s.expectations.map((e) => [x(e.description), verdict(e.outcome), x(e.observed)]))}</table>
<table><tr><th>probe window</th><th>operations</th><th>failures</th><th>availability</th><th>latency p50 / p99 / max</th></tr>${plain(probeWindowRows(s))}</table>
<table><tr><th>figure</th><th>value</th></tr>${plain(figureRows(s))}</table>
</section>`;
}

/** report.html: one self-contained page (inline style and SVG, no script, nothing fetched). */
export function renderHtml(report: DrillReport): string {
  const scenarios = scenariosOf(report);
  const stop = stopText(report);
  const notRun = notRunOf(report);
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>keydrill drills: ${x(report.verdict)}</title><style>${STYLE}</style></head>
<body><h1>keydrill drills ${verdict(report.verdict)}</h1>
${stop ? `<p class="stop"><strong>Stopped:</strong> ${x(stop)}.${notRun.length ? ` Not run: ${notRun.map(x).join(', ')}.` : ''}</p>` : ''}
<table><tr><th>scenario</th><th>verdict</th><th>expectations passed</th></tr>${scenarios
    .map((s) => `<tr><td><a href="#${x(`scenario-${s.scenario}`)}">${x(s.scenario)}</a></td><td>${verdict(s.verdict)}</td><td>${s.expectations.filter((e) => e.outcome === 'PASSED').length} / ${s.expectations.length}</td></tr>`)
    .join('')}${notRun.map((name) => `<tr class="not-run"><td>${x(name)}</td><td><span class="verdict NOT-RUN">NOT RUN</span></td><td>—</td></tr>`).join('')}</table>
${scenarios.map(scenarioSection).join('\n')}
</body></html>
`;
}
