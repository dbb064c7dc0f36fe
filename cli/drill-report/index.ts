import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderHtml } from './report-html';
import { renderJson } from './report-json';
import { renderJunit } from './junit-xml';
import { renderMarkdown } from './report-markdown';
import type { DrillReport } from './report-shape';

export type { DrillReport } from './report-shape';
export { renderHtml, renderJson, renderJunit, renderMarkdown };

export const REPORT_FILES = { 'report.json': renderJson, 'report.md': renderMarkdown, 'junit.xml': renderJunit, 'report.html': renderHtml } as const;

/** Writes every report file into `dir` (created when missing); returns their paths. */
export function writeReports(dir: string, report: DrillReport): string[] {
  mkdirSync(dir, { recursive: true });
  return Object.entries(REPORT_FILES).map(([name, render]) => {
    const path = join(dir, name);
    writeFileSync(path, render(report));
    return path;
  });
}
