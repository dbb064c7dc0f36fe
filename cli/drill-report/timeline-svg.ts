import type { EncryptionStatus } from '../../functions/domain/drills/drill-record';
import type { ScenarioReport } from '../../functions/domain/drills/scenario-report';
import { KEY_AT_RISK, STATUS_CHANGED } from '../../functions/domain/drills/measurements';
import { escapeMarkup as x } from './markup';

const WIDTH = 960;
const LEFT = 130;
const RIGHT = 20;
const STATUS_LANE = { top: 30, height: 22 };
const EVENT_LANE = { top: 62, height: 16 };
const LATENCY_PANEL = { top: 92, height: 140 };
const HEIGHT = LATENCY_PANEL.top + LATENCY_PANEL.height + 34;

const STATUS_COLOUR: Record<EncryptionStatus, string> = { ENABLED: '#2e7d32', UPDATING: '#f9a825', KMS_KEY_INACCESSIBLE: '#c62828' };

export type MarkerName = 'disruption' | 'detection' | 'restore' | 'recovery' | 'rollback';

/** The moments drawn as vertical markers, where they were observed: what a reader checks first. */
export function markersOf(s: ScenarioReport): { name: MarkerName; label: string; at: number }[] {
  const window = s.timeline.window;
  if (!window) return s.rollback ? [{ name: 'rollback', label: 'rollback', at: Date.parse(s.rollback.startedAt) }] : [];
  const disruptedAt = Date.parse(window.disruptedAt);
  const restoredAt = window.restoredAt === undefined ? undefined : Date.parse(window.restoredAt);
  const detect = s.measurements.timeToDetect;
  const firstDetection = [detect.keyAtRiskMs, detect.statusChangeAlertMs, detect.describeLedgerMs].filter((v): v is number => v !== null);
  const markers: { name: MarkerName; label: string; at: number }[] = [{ name: 'disruption', label: 'disruption', at: disruptedAt }];
  if (firstDetection.length) markers.push({ name: 'detection', label: 'detected', at: disruptedAt + Math.min(...firstDetection) });
  if (restoredAt !== undefined) markers.push({ name: 'restore', label: 'restore', at: restoredAt });
  if (restoredAt !== undefined && s.measurements.timeToRecoverMs !== null) markers.push({ name: 'recovery', label: 'recovered', at: restoredAt + s.measurements.timeToRecoverMs });
  if (s.rollback) markers.push({ name: 'rollback', label: 'rollback', at: Date.parse(s.rollback.startedAt) });
  return markers;
}

/**
 * The scenario as an inline SVG: the ledger's status over time, the events that arrived, every probe
 * operation at its latency (green succeeded, red failed) and the markers. No script, no external reference:
 * the report opens offline and in a CI artifact viewer. The data-* attributes name what each element shows, for
 * tests and for readers' own tooling (test/drill/report-browser.test.ts reads them back from Chromium's DOM).
 */
export function timelineSvg(s: ScenarioReport): string {
  const start = Date.parse(s.startedAt);
  const end = Math.max(Date.parse(s.endedAt), start + 1);
  const xAt = (t: number) => LEFT + ((Math.min(Math.max(t, start), end) - start) / (end - start)) * (WIDTH - LEFT - RIGHT);
  const maxLatency = Math.max(1, ...s.timeline.probes.map((p) => p.latencyMs));
  const yLatency = (ms: number) => LATENCY_PANEL.top + LATENCY_PANEL.height - (ms / maxLatency) * LATENCY_PANEL.height;
  const parts: string[] = [];
  const label = (y: number, text: string) => parts.push(`<text x="${LEFT - 8}" y="${y}" text-anchor="end" class="lane-label">${x(text)}</text>`);

  label(STATUS_LANE.top + 15, 'ledger status');
  const ledger = [...s.timeline.ledger].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  ledger.forEach((l, i) => {
    const from = xAt(Date.parse(l.at));
    const to = xAt(i + 1 < ledger.length ? Date.parse(ledger[i + 1].at) : end);
    parts.push(
      `<rect class="status status-${x(l.status)}" data-status="${x(l.status)}" x="${from.toFixed(1)}" y="${STATUS_LANE.top}" width="${Math.max(0.5, to - from).toFixed(1)}" height="${STATUS_LANE.height}" fill="${STATUS_COLOUR[l.status] ?? '#777'}"><title>${x(`${l.at} ${l.status} ${l.kmsKeyArn}`)}</title></rect>`,
    );
  });

  label(EVENT_LANE.top + 12, 'events');
  for (const e of s.timeline.events) {
    const cx = xAt(Date.parse(e.at));
    const colour = e.detailType === KEY_AT_RISK ? '#e65100' : e.detailType === STATUS_CHANGED ? '#6a1b9a' : '#1565c0';
    const cy = EVENT_LANE.top + EVENT_LANE.height / 2;
    parts.push(`<path class="event" data-detail-type="${x(e.detailType)}" d="M${cx.toFixed(1)} ${cy - 7}l7 7l-7 7l-7 -7z" fill="${colour}"><title>${x(`${e.at} ${e.detailType}`)}</title></path>`);
  }

  label(LATENCY_PANEL.top + 12, 'probe latency');
  label(LATENCY_PANEL.top + 26, `(max ${maxLatency} ms)`);
  parts.push(`<rect x="${LEFT}" y="${LATENCY_PANEL.top}" width="${WIDTH - LEFT - RIGHT}" height="${LATENCY_PANEL.height}" fill="none" stroke="#bbb"/>`);
  for (const p of s.timeline.probes) {
    const title = `${p.at} ${p.role} ${p.kind} ${p.ok ? 'ok' : `${p.errorName ?? 'failed'}: ${p.errorMessage ?? ''}`} ${p.latencyMs} ms`;
    parts.push(
      `<circle class="probe ${p.ok ? 'probe-ok' : 'probe-failed'}" data-probe="${p.ok ? 'ok' : 'failed'}" cx="${xAt(Date.parse(p.at)).toFixed(1)}" cy="${yLatency(p.latencyMs).toFixed(1)}" r="2.5" fill="${p.ok ? '#2e7d32' : '#c62828'}"><title>${x(title)}</title></circle>`,
    );
  }

  for (const m of markersOf(s)) {
    const mx = xAt(m.at).toFixed(1);
    parts.push(
      `<g class="marker" data-marker="${m.name}"><line x1="${mx}" x2="${mx}" y1="18" y2="${LATENCY_PANEL.top + LATENCY_PANEL.height}" stroke="#333" stroke-dasharray="4 3"/><text x="${mx}" y="14" text-anchor="middle" class="marker-label">${x(m.label)}</text></g>`,
    );
  }
  const axisY = LATENCY_PANEL.top + LATENCY_PANEL.height + 18;
  parts.push(`<text x="${LEFT}" y="${axisY}" class="axis">${x(s.startedAt)}</text>`, `<text x="${WIDTH - RIGHT}" y="${axisY}" text-anchor="end" class="axis">${x(s.endedAt)} (${((end - start) / 1000).toFixed(1)} s)</text>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" class="timeline" data-scenario="${x(s.scenario)}" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-label="${x(`timeline of ${s.scenario}`)}">${parts.join('')}</svg>`;
}
