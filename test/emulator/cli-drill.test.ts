import { DisableRuleCommand, EnableRuleCommand } from '@aws-sdk/client-eventbridge';
import { DescribeExecutionCommand, ListExecutionsCommand } from '@aws-sdk/client-sfn';
import { XMLParser } from 'fast-xml-parser';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SCENARIO_NAMES, SCENARIOS } from '../../functions/domain/drills/scenarios';
import { suiteReport, type SuiteStop } from '../../functions/domain/drills/suite-report';
import { runKeydrill, startKeydrill, type CliRun } from '../helpers/keydrill-cli';
import { useRuntime } from '../helpers/runtime';
import { tempDataDir } from '../helpers/temp-data-dir';
import { drillReport, type VerdictPlan } from './cli-drill-fixtures';
import { releaseHold, standInTemplate } from './cli-drill-stand-ins';

// Each command is a fresh Node process that loads the TypeScript sources; a suite runs seven nested executions.
jest.setTimeout(90_000);

const PLAN: VerdictPlan = { 'grant-revocation': 'FAILED', 'no-access-key': 'ERROR', 'alias-switch': 'STOPPED' };
const env = useRuntime({ stack: { name: 'Keydrill', template: standInTemplate({ verdicts: PLAN, slow: ['scheduled-deletion'], failAfterPublishing: ['on-demand-rotation'] }) } });

/** `keydrill <args>` with the environment `keydrill up` prints. */
const keydrill = (args: string[], cwd?: string) => runKeydrill(args, env.runtime.env, cwd);

const drillArn = () => env.runtime.outputs.KeyRotationDrillStateMachineArn;
const suiteArn = () => env.runtime.outputs.DrillSuiteStateMachineArn;
const executionsOf = async (stateMachineArn: string) => (await env.clients.sfn.send(new ListExecutionsCommand({ stateMachineArn }))).executions ?? [];
const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8'));

describe('the stand-in reports', () => {
  it('have the verdicts the plan gives (so each exit code below is tested)', () => {
    expect(SCENARIO_NAMES.map((s) => [s, drillReport(s, PLAN[s]).verdict])).toEqual(SCENARIO_NAMES.map((s) => [s, PLAN[s] ?? 'PASSED']));
  });
});

describe('keydrill drill <scenario>, its stand-in held until the command has shown its progress', () => {
  // PROGRESS is a snapshot the command reads every 400 ms: on a loaded machine a brief step can pass unseen.
  const held = useRuntime({ stack: { name: 'Keydrill', template: standInTemplate({ gated: ['disable-key'] }) } });

  it('runs KeyRotationDrill, shows steps, probes and alerts on stderr, writes the four reports and exits 0 on PASSED', async () => {
    const dir = join(tempDataDir('cli-drill'), 'reports');
    const drill = startKeydrill(['drill', 'disable-key', '--report-dir', dir], held.runtime.env);
    await drill.shown("[disable-key] · disrupt: DisableKey on the ledger's key");
    await releaseHold(held.clients, held.runtime.outputs.DrillResultsTableName, /^\[disable-key\] started (\S+)$/m.exec(drill.output.stderr)![1]);
    const run = await drill.ended();
    expect(run.code).toBe(0);
    const paths = ['report.json', 'report.md', 'junit.xml', 'report.html'].map((f) => join(dir, f));
    expect(run.stdout.trim().split('\n')).toEqual(['PASSED   disable-key  5/5 expectations', ...paths]);
    expect(readdirSync(dir).sort()).toEqual(['junit.xml', 'report.html', 'report.json', 'report.md']);
    expect(readJson(paths[0])).toEqual(JSON.parse(JSON.stringify(drillReport('disable-key'))));
    const junit = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(readFileSync(paths[2], 'utf8'));
    expect(junit.testsuites.testsuite.name).toBe('disable-key');
    expect(readFileSync(paths[3], 'utf8')).toContain('<svg');

    const { executions } = await held.clients.sfn.send(new ListExecutionsCommand({ stateMachineArn: held.runtime.outputs.KeyRotationDrillStateMachineArn }));
    const [execution] = executions!;
    const input = JSON.parse((await held.clients.sfn.send(new DescribeExecutionCommand({ executionArn: execution.executionArn }))).input!);
    expect(input).toEqual({ scenario: 'disable-key' });
    expect(run.stderr).toContain(`[disable-key] started ${execution.executionArn}`);
    expect(run.stderr).toContain('[disable-key] → Observe disable-key (Task)');
    expect(run.stderr).toContain('[disable-key] probes: 6 operations, 2 failed, 66.67 % available, p50 8 ms, p99 30 ms');
    expect(run.stderr).toMatch(/^alert: \S+ {2}Ledger Key At Risk {2}keydrill-ledger {2}DisableKey of \S+ by drill-role$/m);
    expect(run.stderr).toContain('[disable-key] ✓ ExecutionSucceeded');
  });
});

describe('keydrill drill <scenario>', () => {
  it.each([
    ['grant-revocation', 'FAILED', 1],
    ['no-access-key', 'ERROR', 2],
    ['alias-switch', 'STOPPED', 3],
  ])('%s: a %s report exits %d, its reports written', async (scenario, verdict, code) => {
    const dir = tempDataDir('cli-drill-verdict');
    const run = await keydrill(['drill', scenario, '--report-dir', dir]);
    expect(run.code).toBe(code);
    expect(readJson(join(dir, 'report.json')).verdict).toBe(verdict);
    expect(run.stdout.split('\n')[0]).toMatch(new RegExp(`^${verdict} +${scenario} `));
  });

  it('an execution that failed after publishing: the report comes from the results table, the exit code is ERROR', async () => {
    const dir = tempDataDir('cli-drill-published');
    const run = await keydrill(['drill', 'on-demand-rotation', '--report-dir', dir]);
    expect(run.code).toBe(2);
    expect(readJson(join(dir, 'report.json'))).toEqual(JSON.parse(JSON.stringify(drillReport('on-demand-rotation'))));
    expect(run.stderr).toContain('keydrill: the execution ended FAILED (Drill.AfterPublishing) after publishing its report; the report is the one in the results table');
    expect(run.stdout.split('\n').slice(0, 2)).toEqual(['PASSED   on-demand-rotation  5/5 expectations', 'ERROR    the execution itself']);
  });

  it('--dry-run asks the engine for a dry run; without --report-dir the reports go under .keydrill/reports/<time>/', async () => {
    const cwd = tempDataDir('cli-drill-cwd');
    const run = await keydrill(['drill', 'disable-key', '--dry-run'], cwd);
    expect(run.code).toBe(0);
    const [execution] = await executionsOf(drillArn());
    expect(JSON.parse((await env.clients.sfn.send(new DescribeExecutionCommand({ executionArn: execution.executionArn }))).input!)).toEqual({ scenario: 'disable-key', dryRun: true });
    const [stamp] = readdirSync(join(cwd, '.keydrill', 'reports'));
    expect(stamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ$/);
    expect(run.stdout).toContain(join(cwd, '.keydrill', 'reports', stamp, 'report.html'));
  });
});

describe('keydrill drill <several> | all', () => {
  it('runs DrillSuite with the scenarios in the order given, shows each nested drill, and --json prints the report alone on stdout', async () => {
    const dir = tempDataDir('cli-drill-suite');
    const run = await keydrill(['drill', 'grant-revocation', 'disable-key', '--report-dir', dir, '--json']);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report).toEqual(readJson(join(dir, 'report.json')));
    expect(report.verdict).toBe('FAILED');
    expect(report.scenarios.map((s: { scenario: string; verdict: string }) => [s.scenario, s.verdict])).toEqual([
      ['grant-revocation', 'FAILED'],
      ['disable-key', 'PASSED'],
    ]);
    expect(report.counts).toEqual({ PASSED: 1, FAILED: 1, ERROR: 0, STOPPED: 0 });
    const [suite] = await executionsOf(suiteArn());
    expect(JSON.parse((await env.clients.sfn.send(new DescribeExecutionCommand({ executionArn: suite.executionArn }))).input!)).toEqual({ scenarios: ['grant-revocation', 'disable-key'] });
    expect(run.stderr).toContain(`[suite] started ${suite.executionArn}`);
    for (const s of ['grant-revocation', 'disable-key']) {
      expect(run.stderr).toContain(`[${s}] → Observe ${s} (Wait)`);
      expect(run.stderr).toContain(`[${s}] ✓ ExecutionSucceeded`);
    }
    expect(run.stderr).toMatch(/^FAILED +overall$/m);
  });

  it('five scenarios of four verdicts: the worst (ERROR) decides the exit code', async () => {
    const dir = tempDataDir('cli-drill-five');
    // `all` itself is run (and interrupted) below: the scheduled-deletion stand-in is the slow one, on-demand-rotation's fails its execution.
    const slowFree = SCENARIO_NAMES.filter((s) => s !== 'scheduled-deletion' && s !== 'on-demand-rotation');
    const run = await keydrill(['drill', ...slowFree, '--report-dir', dir]);
    expect(run.code).toBe(2);
    expect(readJson(join(dir, 'report.json')).scenarios.map((s: { scenario: string }) => s.scenario)).toEqual(slowFree);
    expect(run.stdout).toMatch(/^ERROR +overall$/m);
  });
});

describe('keydrill drill --list', () => {
  it('describes every scenario: name, guarded, disruption, restore and expectations', async () => {
    const run = await keydrill(['drill', '--list']);
    expect(run.code).toBe(0);
    for (const s of SCENARIOS) {
      expect(run.stdout).toContain(`${s.name}${s.guarded ? "  (guarded: only on the stack's drill keys)" : ''}\n  disruption: ${s.disruption}\n  restore:    ${s.restore}\n`);
      for (const e of s.expectations) expect(run.stdout).toContain(`    - ${e.id}: ${e.description}\n`);
    }
    const json = await keydrill(['drill', '--list', '--json']);
    expect(JSON.parse(json.stdout)).toEqual(JSON.parse(JSON.stringify(SCENARIOS)));
  });
});

describe('bad arguments', () => {
  it.each([[['drill', 'disable-key', 'unplug-the-server', 'all']], [['drill']]])('%j exits 2 naming the valid scenarios, before anything starts', async (args) => {
    const before = (await executionsOf(drillArn())).length + (await executionsOf(suiteArn())).length;
    const run = await keydrill(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`the scenarios are: ${SCENARIO_NAMES.join(', ')} (or all)`);
    if (args.length > 1) expect(run.stderr).toContain('unknown scenario "unplug-the-server"');
    expect((await executionsOf(drillArn())).length + (await executionsOf(suiteArn())).length).toBe(before);
  });

  it('--stack naming a stack that is not deployed exits 2, saying so and where it looked, before anything starts', async () => {
    const before = (await executionsOf(drillArn())).length;
    const run = await keydrill(['drill', 'disable-key', '--stack', 'NoSuchStack']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`keydrill: the stack NoSuchStack is not deployed at ${env.runtime.endpoint} (`);
    expect((await executionsOf(drillArn())).length).toBe(before);
  });
});

/** `keydrill drill <args>` interrupted with SIGINT once the slow stand-in waits; `again` sends a second SIGINT once it waits for the STOPPED report. */
async function interrupted(args: string[], again = false): Promise<CliRun> {
  const drill = startKeydrill(['drill', ...args], env.runtime.env);
  await drill.shown('[scheduled-deletion] → Observe scheduled-deletion (Wait)');
  drill.child.kill('SIGINT');
  if (again) {
    await drill.shown('for the STOPPED report the drill engine publishes');
    drill.child.kill('SIGINT');
  }
  return drill.ended();
}

const stoppedArns = (stderr: string) => [...stderr.matchAll(/^keydrill: SIGINT: stopped (\S+)$/gm)].map((m) => m[1]);
const topArn = (stderr: string) => /\[\S+\] started (\S+)/.exec(stderr)![1];
const INTERRUPT_STOP = { status: 'ABORTED', error: 'keydrill.Interrupted', cause: 'interrupted from the keydrill command line (SIGINT)' };

describe('Ctrl-C', () => {
  it('one drill: SIGINT stops it (the engine rolls back on stop), its STOPPED report is written from the results table, exit 3', async () => {
    const dir = tempDataDir('cli-drill-sigint');
    const run = await interrupted(['scheduled-deletion', '--report-dir', dir]);
    expect(run.code).toBe(3);
    const top = topArn(run.stderr);
    expect(run.stderr).toContain(`[scheduled-deletion] started ${top}`);
    expect(stoppedArns(run.stderr)).toEqual([top]);
    expect((await env.clients.sfn.send(new DescribeExecutionCommand({ executionArn: top }))).status).toBe('ABORTED');
    expect(run.stderr).toContain('keydrill: waiting up to 200 s for the STOPPED report the drill engine publishes once it has rolled back (Ctrl-C again to give up)');
    expect(readJson(join(dir, 'report.json'))).toEqual(JSON.parse(JSON.stringify({ ...drillReport('scheduled-deletion', 'STOPPED'), executionArn: top })));
    expect(run.stdout.split('\n')[0]).toMatch(/^STOPPED +scheduled-deletion /);
    expect(readdirSync(dir).sort()).toEqual(['junit.xml', 'report.html', 'report.json', 'report.md']);
  });

  it('all: SIGINT stops the suite and its running drill; the suite\'s STOPPED report (finished, stopped, not run) is written, exit 3', async () => {
    const dir = tempDataDir('cli-drill-sigint-suite');
    const run = await interrupted(['all', '--report-dir', dir]);
    expect(run.code).toBe(3);
    const top = topArn(run.stderr);
    expect(run.stderr).toContain(`[suite] started ${top}`);
    const stopped = stoppedArns(run.stderr);
    expect(stopped).toContain(top);
    expect(stopped).toHaveLength(2);
    for (const executionArn of stopped) expect((await env.clients.sfn.send(new DescribeExecutionCommand({ executionArn }))).status).toBe('ABORTED');
    expect(JSON.parse((await env.clients.sfn.send(new DescribeExecutionCommand({ executionArn: top }))).input!)).toEqual({ scenarios: [...SCENARIO_NAMES] });
    // A suite's stop rule waits for its running drill's rollback and report: the default wait covers its 5 minutes.
    expect(run.stderr).toContain('keydrill: waiting up to 300 s for the STOPPED report');

    const report = readJson(join(dir, 'report.json'));
    const at = SCENARIO_NAMES.indexOf('scheduled-deletion');
    const ran = SCENARIO_NAMES.slice(0, at + 1);
    const expected = suiteReport(
      ran.map((s, i) => drillReport(s, i === at ? 'STOPPED' : PLAN[s])),
      { startedAt: report.startedAt, endedAt: report.endedAt, stopped: { stop: INTERRUPT_STOP as SuiteStop, notRun: SCENARIO_NAMES.slice(at + 1) } },
    );
    expect(report).toEqual(JSON.parse(JSON.stringify(expected)));
    expect(run.stdout).toMatch(/^STOPPED +overall$/m);
    expect(readFileSync(join(dir, 'report.md'), 'utf8')).toContain(`| ${SCENARIO_NAMES[at + 1]} | NOT RUN | — |`);
    const junit = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(readFileSync(join(dir, 'junit.xml'), 'utf8'));
    expect(junit.testsuites.testsuite.map((t: { name: string }) => t.name)).toEqual([...SCENARIO_NAMES, 'suite']);
  });

  describe('when the engine publishes no STOPPED report (its stop rule disabled)', () => {
    const rule = () => ({ Name: env.runtime.outputs.StopRuleName });
    beforeAll(() => env.clients.eventbridge.send(new DisableRuleCommand(rule())));
    afterAll(() => env.clients.eventbridge.send(new EnableRuleCommand(rule())));

    it('the wait ends at --stop-wait: says so, writes nothing, exit 3', async () => {
      const dir = tempDataDir('cli-drill-sigint-unreported');
      const run = await interrupted(['scheduled-deletion', '--report-dir', dir, '--stop-wait', '1']);
      expect(run.code).toBe(3);
      expect(run.stderr).toContain('keydrill: waiting up to 1 s for the STOPPED report');
      expect(run.stderr).toContain(`keydrill: no STOPPED report arrived in time; the drill engine rolls back a stopped execution on its own`);
      expect(run.stderr).toContain(`its report will be the REPORT item of ${topArn(run.stderr)} in the results table; no report written`);
      expect(readdirSync(dir)).toEqual([]);
    });

    it('a second SIGINT gives up waiting at once: exit 3, nothing written', async () => {
      const dir = tempDataDir('cli-drill-sigint-twice');
      const run = await interrupted(['scheduled-deletion', '--report-dir', dir], true);
      expect(run.code).toBe(3);
      expect(run.stderr).toContain('keydrill: SIGINT: gave up waiting; the drill engine rolls back a stopped execution on its own');
      expect(readdirSync(dir)).toEqual([]);
    });
  });
});
