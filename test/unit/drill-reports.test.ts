import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderHtml, renderJson, renderJunit, renderMarkdown, writeReports } from '../../cli/drill-report';
import { escapeMarkup } from '../../cli/drill-report/markup';
import type { DrillRecord, ProbeOperation } from '../../functions/domain/drills/drill-record';
import { scenarioReport } from '../../functions/domain/drills/scenario-report';
import { scenarioNamed } from '../../functions/domain/drills/scenarios';
import { suiteReport } from '../../functions/domain/drills/suite-report';
import { at, probe as probeAt } from '../helpers/drill-probes';

const HOSTILE = `</testcase><script>alert("x")</script> & ]]> 'q' | pipe \u0000\u0007\u001b end`;
const probe = (ms: number, ok: boolean, latencyMs: number): ProbeOperation =>
  probeAt(ms, latencyMs, ok ? undefined : { errorName: 'BadRequestException', errorMessage: `QLDB does not have grant access ${HOSTILE}` });

/** A disable-key drill that detected, lost availability, recovered and rolled back. */
const disableKey: DrillRecord = {
  scenario: 'disable-key',
  executionArn: `arn:aws:states:us-east-1:000000000000:execution:KeyRotationDrill:${HOSTILE}`,
  dryRun: false,
  startedAt: at(0),
  endedAt: at(10_000),
  baselineKeyArn: 'arn:key/ledger',
  window: { disruptedAt: at(1000), restoredAt: at(5000) },
  probes: [probe(500, true, 10), probe(2500, false, 4), probe(4500, false, 6), probe(5600, true, 30), probe(8000, true, 12)],
  ledger: [
    { at: at(200), status: 'ENABLED', kmsKeyArn: 'arn:key/ledger' },
    { at: at(1800), status: 'KMS_KEY_INACCESSIBLE', kmsKeyArn: 'arn:key/ledger', inaccessibleSince: at(1700) },
    { at: at(6000), status: 'ENABLED', kmsKeyArn: 'arn:key/ledger' },
  ],
  events: [{ at: at(1300), detailType: 'Ledger Key At Risk', detail: { eventName: HOSTILE } }],
  facts: {},
  rollback: { startedAt: at(9000), endedAt: at(9600), restored: true },
};
const passed = scenarioReport(scenarioNamed('disable-key'), disableKey);
const broken = scenarioReport(scenarioNamed('no-access-key'), { ...disableKey, scenario: 'no-access-key', error: { name: 'States.TaskFailed', message: HOSTILE }, rollback: { startedAt: at(9000), endedAt: at(9600), restored: false, leftChanged: [HOSTILE] } });
const stopped = scenarioReport(scenarioNamed('alias-switch'), { ...disableKey, scenario: 'alias-switch', stopped: true });
const failed = scenarioReport(scenarioNamed('grant-revocation'), { ...disableKey, scenario: 'grant-revocation', events: [] });
const suite = suiteReport([passed, broken, stopped, failed], { startedAt: at(0), endedAt: at(40_000) });

test('the fixtures cover every verdict', () => {
  expect([passed.verdict, broken.verdict, stopped.verdict, failed.verdict, suite.verdict]).toEqual(['PASSED', 'ERROR', 'STOPPED', 'FAILED', 'ERROR']);
});

describe('escapeMarkup', () => {
  test('escapes the five markup characters and replaces characters XML 1.0 forbids', () => {
    expect(escapeMarkup(`<a href="x">'&'</a>\u0000\u0008\t\n`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;\uFFFD\uFFFD\t\n');
    expect(escapeMarkup('emoji 🔑 stays')).toBe('emoji 🔑 stays');
  });
});

describe('report.json', () => {
  test('is the execution output: verdict at top level, parses back to the same report', () => {
    const parsed = JSON.parse(renderJson(suite));
    expect(parsed.verdict).toBe('ERROR');
    expect(parsed).toEqual(JSON.parse(JSON.stringify(suite)));
    expect(JSON.parse(renderJson(passed)).verdict).toBe('PASSED');
  });
});

describe('junit.xml', () => {
  const xml = renderJunit(suite);
  const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml);
  const suites = parsed.testsuites.testsuite as { name: string; tests: string; failures: string; errors: string; skipped: string; testcase: { name: string; failure?: unknown; error?: unknown; skipped?: unknown }[] }[];

  test('is well-formed XML, hostile strings included', () => {
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml).not.toMatch(/[\u0000\u0007\u001b]/);
    expect(xml).not.toContain('<script>');
  });

  test('has a testsuite per scenario and a testcase per expectation, plus the rollback', () => {
    expect(suites.map((s) => s.name)).toEqual(['disable-key', 'no-access-key', 'alias-switch', 'grant-revocation']);
    expect(suites[0].testcase).toHaveLength(scenarioNamed('disable-key').expectations.length + 1);
    expect(suites[0].testcase[0].name).toBe(`key-at-risk-alert: ${scenarioNamed('disable-key').expectations[0].description}`);
  });

  test('maps FAILED to failure, ERROR to error, STOPPED to skipped, with counts that add up', () => {
    const [ok, err, stop, fail] = suites;
    expect([ok.failures, ok.errors, ok.skipped]).toEqual(['0', '0', '0']);
    expect(err.testcase.every((c) => c.error !== undefined)).toBe(true);
    expect(err.errors).toBe(String(scenarioNamed('no-access-key').expectations.length + 1));
    expect(stop.testcase.filter((c) => c.skipped !== undefined)).toHaveLength(scenarioNamed('alias-switch').expectations.length);
    expect(Number(fail.failures)).toBeGreaterThan(0);
    expect(parsed.testsuites.tests).toBe(String(suites.reduce((n, s) => n + s.testcase.length, 0)));
  });

  test('the broken rollback says what it left changed; hostile text parses back intact (forbidden characters replaced)', () => {
    const rollback = suites[1].testcase.find((c) => c.name === 'rollback: the baseline is restored')! as { error: { '#text': string; message: string } };
    const expected = `left changed: ${HOSTILE.replace(/[\u0000\u0007\u001b]/g, '\uFFFD')}`;
    expect([rollback.error['#text'], rollback.error.message]).toEqual([expected, expected]);
  });
});

describe('report.html', () => {
  const html = renderHtml(suite);

  test('is self-contained: no script, no external resource', () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/\b(src|href)="(?!#)/);
    expect(html.replaceAll('xmlns="http://www.w3.org/2000/svg"', '')).not.toMatch(/https?:\/\//);
  });

  test('draws a timeline per scenario with the disruption, detection, restore, recovery and rollback markers', () => {
    const svgs = html.match(/<svg[\s\S]*?<\/svg>/g)!;
    expect(svgs).toHaveLength(4);
    for (const svg of svgs) expect(XMLValidator.validate(svg)).toBe(true);
    const markers = [...svgs[0].matchAll(/data-marker="([a-z]+)"/g)].map((m) => m[1]);
    expect(markers).toEqual(['disruption', 'detection', 'restore', 'recovery', 'rollback']);
    expect(svgs[0].match(/class="probe probe-failed"/g)).toHaveLength(2);
    expect(svgs[0].match(/class="probe probe-ok"/g)).toHaveLength(3);
    expect(svgs[0].match(/class="status status-KMS_KEY_INACCESSIBLE"/g)).toHaveLength(1);
    expect(svgs[0].match(/class="event"/g)).toHaveLength(1);
  });

  test('escapes hostile strings everywhere', () => {
    expect(html).not.toContain(HOSTILE);
    expect(html).toContain('&lt;/testcase&gt;&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; ]]&gt;');
    expect(html).not.toMatch(/[\u0000\u0007\u001b]/);
  });

  test('a scenario without a disruption window draws only the rollback marker', () => {
    const quiet = scenarioReport(scenarioNamed('alias-switch'), { ...disableKey, window: undefined });
    expect([...renderHtml(quiet).matchAll(/data-marker="([a-z]+)"/g)].map((m) => m[1])).toEqual(['rollback']);
  });
});

describe('report.md', () => {
  const md = renderMarkdown(suite);

  test('starts with the overall verdict and a row per scenario', () => {
    expect(md.split('\n')[0]).toBe('# keydrill drills: ERROR');
    expect(md).toContain('| disable-key | PASSED | 5 / 5 |');
    expect(md).toContain('## grant-revocation: FAILED');
  });

  test('keeps hostile strings inside their table cell', () => {
    for (const line of md.split('\n').filter((l) => l.startsWith('|'))) {
      const unescapedPipes = line.replace(/\\\|/g, '').split('|').length - 1;
      expect(unescapedPipes === 3 || unescapedPipes === 4 || unescapedPipes === 6).toBe(true);
    }
    expect(md).not.toContain('<script>');
  });

  test('a single scenario report has no suite table', () => {
    expect(renderMarkdown(passed)).not.toContain('| scenario | verdict |');
  });
});

test('writeReports writes the four files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'drill-report-'));
  try {
    writeReports(join(dir, 'out'), suite);
    expect(readdirSync(join(dir, 'out')).sort()).toEqual(['junit.xml', 'report.html', 'report.json', 'report.md']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
