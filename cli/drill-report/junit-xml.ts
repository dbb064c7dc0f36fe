import type { ScenarioReport } from '../../functions/domain/drills/scenario-report';
import { escapeMarkup as x } from './markup';
import { scenariosOf, type DrillReport } from './report-shape';

const seconds = (from: string, to: string) => Math.max(0, (Date.parse(to) - Date.parse(from)) / 1000).toFixed(3);

interface Case {
  name: string;
  /** Absent when it passed. */
  result?: { element: 'failure' | 'error' | 'skipped'; message: string };
}

/** One case per expectation, plus one for the rollback: CI then shows which expectation failed, and a rollback that left something changed. */
function casesOf(s: ScenarioReport): Case[] {
  const cases: Case[] = s.expectations.map((e) => ({
    name: `${e.id}: ${e.description}`,
    result:
      e.outcome === 'PASSED' ? undefined : { element: e.outcome === 'FAILED' ? 'failure' : e.outcome === 'ERROR' ? 'error' : 'skipped', message: e.observed },
  }));
  if (s.rollback) {
    const left = s.rollback.leftChanged?.join(', ') || 'unknown';
    cases.push({ name: 'rollback: the baseline is restored', result: s.rollback.restored ? undefined : { element: 'error', message: `left changed: ${left}` } });
  }
  return cases;
}

const count = (cases: Case[], element: string) => cases.filter((c) => c.result?.element === element).length;

/** junit.xml in the shape GitLab, Jenkins and Azure DevOps read: a testsuite per scenario, a testcase per expectation. */
export function renderJunit(report: DrillReport): string {
  const scenarios = scenariosOf(report);
  const suites = scenarios.map((s) => ({ s, cases: casesOf(s) }));
  const all = suites.flatMap((x) => x.cases);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="keydrill drills" tests="${all.length}" failures="${count(all, 'failure')}" errors="${count(all, 'error')}" skipped="${count(all, 'skipped')}">`,
  ];
  for (const { s, cases } of suites) {
    const time = seconds(s.startedAt, s.endedAt);
    lines.push(
      `  <testsuite name="${x(s.scenario)}" tests="${cases.length}" failures="${count(cases, 'failure')}" errors="${count(cases, 'error')}" skipped="${count(cases, 'skipped')}" time="${time}" timestamp="${x(s.startedAt)}">`,
    );
    if (s.error) lines.push(`    <system-err>${x(`${s.error.name}: ${s.error.message}`)}</system-err>`);
    for (const c of cases) {
      const open = `    <testcase classname="keydrill.drill.${x(s.scenario)}" name="${x(c.name)}" time="0"`;
      if (!c.result) lines.push(`${open}/>`);
      else if (c.result.element === 'skipped') lines.push(`${open}>`, `      <skipped message="${x(c.result.message)}"/>`, '    </testcase>');
      else lines.push(`${open}>`, `      <${c.result.element} message="${x(c.result.message)}" type="${x(s.verdict)}">${x(c.result.message)}</${c.result.element}>`, '    </testcase>');
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return `${lines.join('\n')}\n`;
}
