import type { ScenarioReport } from '../../functions/domain/drills/scenario-report';
import { escapeMarkup as x } from './markup';
import { SCENARIOS } from '../../functions/domain/drills/scenarios';
import { notRunOf, scenariosOf, stopText, type DrillReport } from './report-shape';

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

/**
 * A scenario a stopped suite never started: its expectations as skipped cases, so CI keeps the same test names
 * from run to run and counts them as neither passed nor failed (the exit code, 3, is what fails the job).
 */
function notRunCases(scenario: string, stop: string): Case[] {
  const result = { element: 'skipped' as const, message: `not run: ${stop} before this scenario started` };
  const expectations = SCENARIOS.find((s) => s.name === scenario)?.expectations ?? [];
  return expectations.length ? expectations.map((e) => ({ name: `${e.id}: ${e.description}`, result })) : [{ name: 'not run', result }];
}

/**
 * The report's JUnit test suites: one per scenario that ran, one per scenario not run, and for
 * a stopped suite one case that is an error, so the test summary CI shows is not green for a run cut short.
 */
function suitesOf(report: DrillReport): { name: string; cases: Case[]; s?: ScenarioReport }[] {
  const suites: { name: string; cases: Case[]; s?: ScenarioReport }[] = scenariosOf(report).map((s) => ({ name: s.scenario, cases: casesOf(s), s }));
  const stop = stopText(report);
  if (!stop) return suites;
  suites.push(...notRunOf(report).map((name) => ({ name, cases: notRunCases(name, stop) })));
  suites.push({ name: 'suite', cases: [{ name: 'the suite ran every scenario to its end', result: { element: 'error', message: stop } }] });
  return suites;
}

const count = (cases: Case[], element: string) => cases.filter((c) => c.result?.element === element).length;

/** junit.xml in the shape GitLab, Jenkins and Azure DevOps read: a testsuite per scenario, a testcase per expectation. */
export function renderJunit(report: DrillReport): string {
  const suites = suitesOf(report);
  const all = suites.flatMap((x) => x.cases);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="keydrill drills" tests="${all.length}" failures="${count(all, 'failure')}" errors="${count(all, 'error')}" skipped="${count(all, 'skipped')}">`,
  ];
  for (const { name, cases, s } of suites) {
    const timing = s ? ` time="${seconds(s.startedAt, s.endedAt)}" timestamp="${x(s.startedAt)}"` : '';
    lines.push(`  <testsuite name="${x(name)}" tests="${cases.length}" failures="${count(cases, 'failure')}" errors="${count(cases, 'error')}" skipped="${count(cases, 'skipped')}"${timing}>`);
    if (s?.error) lines.push(`    <system-err>${x(`${s.error.name}: ${s.error.message}`)}</system-err>`);
    for (const c of cases) {
      const open = `    <testcase classname="keydrill.drill.${x(name)}" name="${x(c.name)}" time="0"`;
      if (!c.result) lines.push(`${open}/>`);
      else if (c.result.element === 'skipped') lines.push(`${open}>`, `      <skipped message="${x(c.result.message)}"/>`, '    </testcase>');
      else lines.push(`${open}>`, `      <${c.result.element} message="${x(c.result.message)}" type="${x(s?.verdict ?? report.verdict)}">${x(c.result.message)}</${c.result.element}>`, '    </testcase>');
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return `${lines.join('\n')}\n`;
}
