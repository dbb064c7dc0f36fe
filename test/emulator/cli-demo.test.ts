import { DisableRuleCommand, EnableRuleCommand } from '@aws-sdk/client-eventbridge';
import { DescribeExecutionCommand, ListExecutionsCommand } from '@aws-sdk/client-sfn';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pollUntil } from '../../runtime/core/poll';
import { SCENARIO_NAMES } from '../../functions/domain/drills/scenarios';
import { runKeydrill, startKeydrill, type CliRun } from '../helpers/keydrill-cli';
import { tree, untilNoneAlive } from '../helpers/process-tree';
import { useRuntime, type RuntimeFixture } from '../helpers/runtime';
import { tempDataDir } from '../helpers/temp-data-dir';
import { LIFECYCLE_REPORT, releaseHold, standInTemplate } from './cli-drill-stand-ins';

// Each demo is a fresh Node process that runs a lifecycle and seven nested drills; the last test starts a whole runtime.
jest.setTimeout(180_000);

const REPO_ROOT = join(__dirname, '..', '..');
const KEYDRILL = join(REPO_ROOT, 'bin', 'keydrill.js');

/** `keydrill demo <args>` with exactly `env` (CI unset unless given), against the fixture's runtime port. */
const demo = (args: string[], env: Record<string, string>) => runKeydrill(['demo', ...args], env);

const onPort = (fixture: RuntimeFixture) => ['--port', String(fixture.runtime.port)];

/** The summary's row for `name`, split into its cells. */
const row = (stdout: string, name: string) => {
  const line = stdout.split('\n').find((l) => l.startsWith(`${name} `));
  if (!line) throw new Error(`no summary row for ${name} in:\n${stdout}`);
  return line.split(/ {2,}/);
};

/** `keydrill demo --exit <args>` against the fixture's runtime, running. */
const startDemo = (fixture: RuntimeFixture, dataDir: string, args: string[] = []) => startKeydrill(['demo', ...onPort(fixture), '--data-dir', dataDir, '--exit', ...args], fixture.runtime.env);

describe('keydrill demo against the runtime already on the port (stand-in machines, every scenario PASSED)', () => {
  const fixture = useRuntime({ stack: { name: 'Keydrill', template: standInTemplate({ lifecycleIngest: 'gated' }) } });

  it('runs DataLifecycle then DrillSuite with live progress, prints the summary and the report paths, and --exit exits 0', async () => {
    const dataDir = tempDataDir('cli-demo');
    const demoRun = startDemo(fixture, dataDir);
    // PROGRESS is a snapshot the demo reads every 400 ms: the stand-in holds its ingest step until the demo has shown it.
    await demoRun.shown('the ingest step and its bar at 600 / 1500', (stderr) => stderr.includes('[lifecycle] · ingest: 1500 documents') && /^\[lifecycle\] ingest +\[█{12}░{18}\] +600 \/ 1500$/m.test(stderr));
    await releaseHold(fixture.clients, fixture.runtime.outputs.DrillResultsTableName, /^\[lifecycle\] started (\S+)$/m.exec(demoRun.output.stderr)![1]);
    const run = await demoRun.ended();
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`keydrill: using the runtime already running at ${fixture.runtime.endpoint}`);

    // Progress: the lifecycle's steps and bars, each nested drill's steps and probes, the alerts.
    for (const counter of ['ingest', 'projection', 'proofs']) expect(run.stderr).toMatch(new RegExp(`^\\[lifecycle\\] ${counter} +\\[█{30}\\] 1500 / 1500$`, 'm'));
    for (const s of SCENARIO_NAMES) {
      expect(run.stderr).toContain(`[${s}] → Disrupt ${s} (Task)`);
      // The PROGRESS item is read every 400 ms and overwritten by each step, so a loaded machine can miss the disrupt
      // step's message (CI did once); rollback's, the last, stays, so one of the two is always shown.
      expect(run.stderr).toMatch(new RegExp(`^\\[${s}\\] · (disrupt|rollback): `, 'm'));
      expect(run.stderr).toMatch(new RegExp(`^\\[${s}\\] probes: \\d+ operations`, 'm'));
    }
    expect(run.stderr.match(/^alert: .* Ledger Key At Risk /gm)).toHaveLength(SCENARIO_NAMES.length);

    // The summary: the lifecycle's figures, one row per scenario, the overall verdict.
    expect(run.stdout).toContain('keydrill demo: summary');
    expect(row(run.stdout, 'DataLifecycle')).toEqual(['DataLifecycle', 'PASSED', '1500', '1500 / 1500', 'yes']);
    expect(row(run.stdout, 'disable-key')).toEqual(['disable-key', 'PASSED', '66.67 %', '8 ms', '30 ms', '300 ms', '600 ms']);
    expect(row(run.stdout, 'alias-switch')).toEqual(['alias-switch', 'PASSED', '100.00 %', '10 ms', '14 ms', '300 ms', '—']);
    for (const s of SCENARIO_NAMES) expect(row(run.stdout, s)[1]).toBe('PASSED');
    expect(run.stdout).toMatch(/^overall: PASSED$/m);

    const paths = [...run.stdout.matchAll(/^ {2}(\/\S+)/gm)].map((m) => m[1]);
    expect(paths.map((p) => p.slice(p.indexOf('/reports/')).replace(/\/reports\/[^/]+\//, ''))).toEqual(['lifecycle/report.json', 'drills/report.json', 'drills/report.md', 'drills/junit.xml', 'drills/report.html']);
    for (const p of paths) expect(p.startsWith(join(dataDir, 'reports'))).toBe(true);
    expect(JSON.parse(readFileSync(paths[0], 'utf8'))).toEqual(LIFECYCLE_REPORT);
    expect(JSON.parse(readFileSync(paths[1], 'utf8')).scenarios.map((s: { scenario: string }) => s.scenario)).toEqual([...SCENARIO_NAMES]);
    // Someone else's runtime: no next steps to reach it, and nothing of it is stopped.
    expect(run.stdout).not.toContain('export AWS_ENDPOINT_URL');
    expect((await fetch(`${fixture.runtime.endpoint}/_keydrill/health`)).status).toBe(200);
  });

  it('refuses, naming what to export, when this shell lacks the running runtime’s environment', async () => {
    const run = await demo([...onPort(fixture), '--exit'], {});
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`a keydrill runtime already answers on port ${fixture.runtime.port}, but this shell does not have its environment`);
  });
});

describe('keydrill demo when a scenario FAILED', () => {
  const fixture = useRuntime({ stack: { name: 'Keydrill', template: standInTemplate({ verdicts: { 're-key': 'FAILED' } }) } });

  it('with CI=true exits after the summary, with the exit code of the worst verdict', async () => {
    const run = await demo([...onPort(fixture), '--data-dir', tempDataDir('cli-demo-failed')], { ...fixture.runtime.env, CI: 'true' });
    expect(run.code).toBe(1);
    expect(row(run.stdout, 're-key').slice(0, 2)).toEqual(['re-key', 'FAILED']);
    expect(row(run.stdout, 'disable-key')[1]).toBe('PASSED');
    expect(run.stdout).toMatch(/^overall: FAILED$/m);
  });
});

/** `keydrill demo --exit <args>` against the fixture, interrupted with SIGINT once stderr shows `waitingFor`. */
async function interruptedDemo(fixture: RuntimeFixture, dataDir: string, waitingFor: string, args: string[] = []): Promise<CliRun> {
  const demoRun = startDemo(fixture, dataDir, args);
  await demoRun.shown(waitingFor);
  demoRun.child.kill('SIGINT');
  return demoRun.ended();
}

const stoppedArns = (stderr: string) => [...stderr.matchAll(/^keydrill: SIGINT: stopped (\S+)$/gm)].map((m) => m[1]);
const reportPaths = (stdout: string) => [...stdout.matchAll(/^ {2}(\/\S+)/gm)].map((m) => m[1]);
const INTERRUPT_STOP = { status: 'ABORTED', error: 'keydrill.Interrupted', cause: 'interrupted from the keydrill command line (SIGINT)' };

describe('keydrill demo interrupted', () => {
  const fixture = useRuntime({ stack: { name: 'Keydrill', template: standInTemplate({ slow: ['re-key'] }) } });

  it('Ctrl-C in the middle of the suite stops it (and its nested drill), writes its STOPPED reports, prints a partial summary and exits 3', async () => {
    const dataDir = tempDataDir('cli-demo-sigint');
    const run = await interruptedDemo(fixture, dataDir, '[re-key] → Observe re-key (Wait)');
    expect(run.code).toBe(3);
    const stopped = stoppedArns(run.stderr);
    expect(stopped.map((arn) => arn.split(':')[6])).toEqual(['Keydrill-DrillSuite', 'Keydrill-KeyRotationDrill']);
    for (const executionArn of stopped) expect((await fixture.clients.sfn.send(new DescribeExecutionCommand({ executionArn }))).status).toBe('ABORTED');
    expect(run.stderr).toContain('keydrill: waiting up to 300 s for the STOPPED report the drill engine publishes once it has rolled back (Ctrl-C again to give up)');
    expect(run.stderr).toContain('keydrill: SIGINT: interrupted during DrillSuite');

    // The partial summary: the lifecycle (it finished), the suite's finished, stopped and not-run scenarios, how it stopped.
    expect(run.stdout).toContain('keydrill demo: summary (interrupted during DrillSuite)');
    expect(row(run.stdout, 'DataLifecycle')).toEqual(['DataLifecycle', 'PASSED', '1500', '1500 / 1500', 'yes']);
    const at = SCENARIO_NAMES.indexOf('re-key');
    expect(SCENARIO_NAMES.map((s) => [s, row(run.stdout, s)[1]])).toEqual(SCENARIO_NAMES.map((s, i) => [s, i < at ? 'PASSED' : i === at ? 'STOPPED' : 'NOT RUN']));
    expect(run.stdout).toContain('the suite was stopped (ABORTED): keydrill.Interrupted: interrupted from the keydrill command line (SIGINT)');
    expect(run.stdout).toMatch(/^overall: STOPPED$/m);

    // The reports an interrupted `keydrill drill all` writes, where the demo's drill reports go.
    const paths = reportPaths(run.stdout);
    expect(paths.map((p) => p.slice(p.indexOf('/reports/')).replace(/\/reports\/[^/]+\//, ''))).toEqual(['lifecycle/report.json', 'drills/report.json', 'drills/report.md', 'drills/junit.xml', 'drills/report.html']);
    for (const p of paths) expect(p.startsWith(join(dataDir, 'reports'))).toBe(true);
    expect(JSON.parse(readFileSync(paths[0], 'utf8'))).toEqual(LIFECYCLE_REPORT);
    const report = JSON.parse(readFileSync(paths[1], 'utf8'));
    expect(report.verdict).toBe('STOPPED');
    expect(report.stop).toEqual(INTERRUPT_STOP);
    expect(report.scenarios.map((s: { scenario: string; verdict: string }) => [s.scenario, s.verdict])).toEqual(SCENARIO_NAMES.slice(0, at + 1).map((s, i) => [s, i === at ? 'STOPPED' : 'PASSED']));
    expect(report.notRun).toEqual(SCENARIO_NAMES.slice(at + 1));
    expect(readFileSync(paths[2], 'utf8')).toContain(`| ${SCENARIO_NAMES[at + 1]} | NOT RUN | — |`);
  });

  describe('when the engine publishes no STOPPED report (its stop rule disabled)', () => {
    const rule = () => ({ Name: fixture.runtime.outputs.StopRuleName });
    beforeAll(() => fixture.clients.eventbridge.send(new DisableRuleCommand(rule())));
    afterAll(() => fixture.clients.eventbridge.send(new EnableRuleCommand(rule())));

    it('the wait ends at --stop-wait: says so, writes the lifecycle report only, the summary says there is no drill report, exit 3', async () => {
      const dataDir = tempDataDir('cli-demo-sigint-unreported');
      const run = await interruptedDemo(fixture, dataDir, '[re-key] → Observe re-key (Wait)', ['--stop-wait', '1']);
      expect(run.code).toBe(3);
      expect(run.stderr).toContain('keydrill: waiting up to 1 s for the STOPPED report');
      expect(run.stderr).toContain('keydrill: no STOPPED report arrived in time; the drill engine rolls back a stopped execution on its own');
      expect(run.stderr).toMatch(/its report will be the REPORT item of \S+ in the results table; no drill report written$/m);
      expect(row(run.stdout, 'DataLifecycle')[1]).toBe('PASSED');
      expect(run.stdout).toContain('DrillSuite: stopped, and no STOPPED report to show');
      expect(run.stdout).toMatch(/^overall: STOPPED$/m);
      const paths = reportPaths(run.stdout);
      expect(paths.map((p) => p.slice(p.indexOf('/reports/')).replace(/\/reports\/[^/]+\//, ''))).toEqual(['lifecycle/report.json']);
      expect(existsSync(join(paths[0], '..', '..', 'drills'))).toBe(false);
    });
  });
});

describe('keydrill demo interrupted during DataLifecycle', () => {
  const fixture = useRuntime({ stack: { name: 'Keydrill', template: standInTemplate({ lifecycleIngest: 'slow' }) } });

  it('Ctrl-C stops the lifecycle, writes its report file (ABORTED, the stop\'s error and cause), says which phase, never starts the suite, exits 3', async () => {
    const dataDir = tempDataDir('cli-demo-sigint-lifecycle');
    const run = await interruptedDemo(fixture, dataDir, '[lifecycle] → Ingesting (Wait)');
    expect(run.code).toBe(3);
    const stopped = stoppedArns(run.stderr);
    expect(stopped.map((arn) => arn.split(':')[6])).toEqual(['Keydrill-DataLifecycle']);
    expect(run.stderr).toContain('keydrill: SIGINT: interrupted during DataLifecycle: the demo stopped before its summary; the drills never started');
    const paths = reportPaths(run.stdout);
    expect(paths.map((p) => p.slice(p.indexOf('/reports/')).replace(/\/reports\/[^/]+\//, ''))).toEqual(['lifecycle/report.json']);
    expect(paths[0].startsWith(join(dataDir, 'reports'))).toBe(true);
    expect(JSON.parse(readFileSync(paths[0], 'utf8'))).toEqual(INTERRUPT_STOP);
    expect(existsSync(join(paths[0], '..', '..', 'drills'))).toBe(false);
    expect(run.stdout).not.toContain('summary');
    const { executions } = await fixture.clients.sfn.send(new ListExecutionsCommand({ stateMachineArn: fixture.runtime.outputs.DrillSuiteStateMachineArn }));
    expect(executions).toEqual([]);
  });
});

describe('keydrill demo when DataLifecycle is not deployed', () => {
  const fixture = useRuntime({ stack: { name: 'Keydrill', template: standInTemplate({ lifecycle: false }) } });

  it('says which output is missing and exits 2 before running anything', async () => {
    const run = await demo([...onPort(fixture), '--exit'], fixture.runtime.env);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('the deployed stack has no DataLifecycleStateMachineArn output: the DataLifecycle state machine is not deployed');
    expect(run.stdout).not.toContain('summary');
    const { executions } = await fixture.clients.sfn.send(new ListExecutionsCommand({ stateMachineArn: fixture.runtime.outputs.DrillSuiteStateMachineArn }));
    expect(executions).toEqual([]);
  });
});

/** How long the real demo may take to its summary here: the machine's other tests run beside it. */
const DEMO_WAIT_MS = 300_000;

describe('keydrill demo with a runtime of its own (the keydrill stack)', () => {
  it('starts it, runs the real machines to a summary in which everything PASSED, stays up until Ctrl-C, and leaves no process behind', async () => {
    const dataDir = tempDataDir('cli-demo-own');
    const { CI: _ci, AWS_ENDPOINT_URL: _endpoint, ...inherited } = process.env;
    const child = spawn(process.execPath, [KEYDRILL, 'demo', '--port', '0', '--data-dir', dataDir], { cwd: REPO_ROOT, env: inherited, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      const endpoint = await pollUntil('the demo to start its runtime', async () => /the runtime runs at (\S+)/.exec(stderr)?.[1] ?? (child.exitCode !== null ? 'exited' : undefined));
      expect(endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const pids = tree(child.pid!).map((p) => p.pid);
      // The whole story: about 65–110 s on an idle 2-core machine, longer while other tests share it.
      await pollUntil('the demo to stay up', async () => (stderr.includes('the runtime stays up') ? true : child.exitCode !== null ? false : undefined), DEMO_WAIT_MS).catch((e: Error) => {
        throw new Error(`${e.message}; the demo's stderr ended with:\n${stderr.slice(-2000)}`);
      });

      // The summary of the real DataLifecycle (the walkthrough's 1,500 records) and the real DrillSuite.
      expect(stdout).toContain('keydrill demo: summary');
      expect(row(stdout, 'DataLifecycle')).toEqual(['DataLifecycle', 'PASSED', '1500', '1500 / 1500', 'yes']);
      for (const s of SCENARIO_NAMES) expect([s, row(stdout, s)[1]]).toEqual([s, 'PASSED']);
      expect(stdout).toMatch(/^overall: PASSED$/m);
      expect(stdout).toContain('npx keydrill drill disable-key');
      expect((await fetch(`${endpoint}/_keydrill/health`)).status).toBe(200);

      child.kill('SIGINT');
      expect(await exited).toBe(0);
      expect(stderr).toContain('keydrill: stopping the runtime…');
      expect(await untilNoneAlive(pids)).toEqual([]);
      expect(existsSync(join(dataDir, 'control-token'))).toBe(false);
    } finally {
      // A failed expectation must not leave the demo running (and loading the machine) for the rest of the suite.
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGINT');
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 30_000))]);
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      }
    }
  }, DEMO_WAIT_MS + 120_000);
});
