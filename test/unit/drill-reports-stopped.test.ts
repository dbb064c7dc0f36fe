import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { renderHtml, renderJunit, renderMarkdown } from '../../cli/drill-report';
import { scenarioNamed } from '../../functions/domain/drills/scenarios';
import { suiteReport, type SuiteStop } from '../../functions/domain/drills/suite-report';
import { at } from '../helpers/drill-probes';
import { drillReport } from '../emulator/cli-drill-fixtures';

/** A suite stopped from the command line in its second scenario: one finished, one STOPPED, two never started. */
const HOSTILE = `<b>"x"</b> | & \u0007`;
const stop: SuiteStop = { status: 'ABORTED', error: 'keydrill.Interrupted', cause: `interrupted from the keydrill command line (SIGINT) ${HOSTILE}` };
const stopped = suiteReport([drillReport('alias-switch'), drillReport('re-key', 'STOPPED')], { startedAt: at(0), endedAt: at(20_000), stopped: { stop, notRun: ['disable-key', 'grant-revocation'] } });
const timedOut = suiteReport([drillReport('alias-switch')], { startedAt: at(0), endedAt: at(20_000), stopped: { stop: { status: 'TIMED_OUT' }, notRun: [] } });
const finished = suiteReport([drillReport('alias-switch')], { startedAt: at(0), endedAt: at(20_000) });

interface JunitCase {
  name: string;
  classname: string;
  failure?: unknown;
  error?: { message: string };
  skipped?: { message: string };
}
interface JunitSuite {
  name: string;
  tests: string;
  failures: string;
  errors: string;
  skipped: string;
  testcase: JunitCase | JunitCase[];
}
const parse = (xml: string) => new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml).testsuites as { tests: string; errors: string; skipped: string; testsuite: JunitSuite[] };
const casesOf = (suite: JunitSuite) => [suite.testcase].flat();

describe('junit.xml of a stopped suite', () => {
  const xml = renderJunit(stopped);
  const junit = parse(xml);

  test('is well-formed, with a testsuite per scenario run, per scenario not run, and one for the stop', () => {
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(junit.testsuite.map((s) => s.name)).toEqual(['alias-switch', 're-key', 'disable-key', 'grant-revocation', 'suite']);
  });

  test('a scenario not run has its expectations as skipped cases (same names as when it runs), none passed', () => {
    const notRun = junit.testsuite[2];
    expect(casesOf(notRun).map((c) => c.name)).toEqual(scenarioNamed('disable-key').expectations.map((e) => `${e.id}: ${e.description}`));
    expect(casesOf(notRun).every((c) => c.skipped?.message.startsWith('not run: the suite was stopped (ABORTED): keydrill.Interrupted: interrupted from the keydrill command line (SIGINT)'))).toBe(true);
    expect([notRun.failures, notRun.errors, notRun.skipped]).toEqual(['0', '0', String(scenarioNamed('disable-key').expectations.length)]);
  });

  test('the stop is an error case, so the test summary is not green; the totals add up', () => {
    const [stopCase] = casesOf(junit.testsuite[4]);
    expect(stopCase.classname).toBe('keydrill.drill.suite');
    expect(stopCase.error?.message).toBe(`the suite was stopped (ABORTED): keydrill.Interrupted: ${stop.cause!.replace('\u0007', '\uFFFD')}`);
    expect(junit.tests).toBe(String(junit.testsuite.reduce((n, s) => n + casesOf(s).length, 0)));
    expect(Number(junit.errors)).toBeGreaterThanOrEqual(1);
    expect(Number(junit.skipped)).toBeGreaterThanOrEqual(scenarioNamed('disable-key').expectations.length + scenarioNamed('grant-revocation').expectations.length);
  });

  test('a suite timed out says so; a suite that finished has no stop case', () => {
    expect(casesOf(parse(renderJunit(timedOut)).testsuite.at(-1)!)[0].error?.message).toBe('the suite timed out (TIMED_OUT)');
    expect(parse(renderJunit(finished)).testsuite).not.toEqual(expect.arrayContaining([expect.objectContaining({ name: 'suite' })]));
  });
});

describe('report.md of a stopped suite', () => {
  const md = renderMarkdown(stopped);

  test('says how it stopped and what was not run, under the verdict', () => {
    const [title, , because] = md.split('\n');
    expect(title).toBe('# keydrill drills: STOPPED');
    expect(because).toBe(`**Stopped:** the suite was stopped (ABORTED): keydrill.Interrupted: interrupted from the keydrill command line (SIGINT) &lt;b>"x"&lt;/b> \\| & \u0007. Not run: disable-key, grant-revocation.`);
  });

  test('lists the scenarios not run in the suite table, after those that ran', () => {
    const rows = md.split('\n').filter((l) => /^\| (alias-switch|re-key|disable-key|grant-revocation) \|/.test(l));
    const n = scenarioNamed('alias-switch').expectations.length;
    expect(rows).toEqual([`| alias-switch | PASSED | ${n} / ${n} |`, expect.stringMatching(/^\| re-key \| STOPPED \|/), '| disable-key | NOT RUN | — |', '| grant-revocation | NOT RUN | — |']);
  });

  test('a suite that finished says nothing of a stop', () => {
    expect(renderMarkdown(finished)).not.toContain('Stopped');
  });
});

describe('report.html of a stopped suite', () => {
  const html = renderHtml(stopped);

  test('says how it stopped, escaped, and lists the scenarios not run', () => {
    expect(html).toContain('<p class="stop"><strong>Stopped:</strong> the suite was stopped (ABORTED): keydrill.Interrupted: interrupted from the keydrill command line (SIGINT) &lt;b&gt;&quot;x&quot;&lt;/b&gt; | &amp; \uFFFD. Not run: disable-key, grant-revocation.</p>');
    expect([...html.matchAll(/<tr class="not-run"><td>([^<]+)<\/td><td><span class="verdict NOT-RUN">NOT RUN<\/span>/g)].map((m) => m[1])).toEqual(['disable-key', 'grant-revocation']);
    expect(html).not.toContain('<b>');
  });

  test('a suite that finished has no stop paragraph', () => {
    expect(renderHtml(finished)).not.toContain('class="stop"');
  });
});
