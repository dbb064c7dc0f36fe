import { DescribeExecutionCommand, type SFNClient } from '@aws-sdk/client-sfn';
import type { Command } from 'commander';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_PORT } from '../../runtime';
import type { Verdict } from '../../functions/domain/drills/drill-record';
import { suiteVerdict } from '../../functions/domain/drills/suite-report';
import { writeReports } from '../drill-report';
import { sfnClient } from '../executions-client';
import { attachRuntime, type AttachedRuntime } from '../demo/runtime-attach';
import { lifecycleLines, scenarioLines, SUMMARY_HEADING } from '../demo/demo-summary';
import { lifecycleSummary, type LifecycleSummary } from '../demo/lifecycle-summary';
import { ProgressBarSink } from '../demo/progress-bar-sink';
import { EXIT_INTERRUPTED, VERDICT_EXIT_CODES } from '../drill/drill-exit-codes';
import { drillOutcome } from '../drill/drill-outcome';
import { interruptSignal, type Interrupt } from '../drill/interrupt';
import { timeStamp } from '../drill/report-dir';
import { Interrupted, runExecution } from '../drill/run-execution';
import { sayStopped, stoppedReportAfter, SUITE_STOP_WAIT_SECONDS } from '../drill/stopped-report';
import { closeSources, DRILL_MACHINE, LIFECYCLE_MACHINE, MissingOutputError, requireOutputs, stackOutputs, SUITE_MACHINE, watchSources } from '../drill/stack-outputs';
import { DEFAULT_DATA_DIR, dataDirOf, parsePort, parseSeconds } from '../options';
import { whenLauncherEnds } from './up';

interface DemoOptions {
  port: number;
  dataDir: string;
  exit?: boolean;
  stopWait?: number;
}

/** What the demo ran to: the overall verdict, and the summary and report paths to print. */
interface DemoResult {
  verdict: Verdict;
  lines: string[];
  /** Ctrl-C (or npm ending) stopped it: it exits instead of staying up. */
  interrupted?: boolean;
}

const say = (line: string) => process.stderr.write(`keydrill: ${line}\n`);

const pathLines = (paths: string[]) => ['reports:', ...paths.map((p) => `  ${p}${p.endsWith('.html') ? '   (open in a browser)' : ''}`)];

/** The summary: the lifecycle's row, the drills' rows (or why there are none), the overall verdict, the report paths. */
function summaryLines(heading: string, life: LifecycleSummary, drills: string[], overall: Verdict, paths: string[]): string[] {
  return ['', heading, '', ...lifecycleLines(life), '', ...drills, '', `overall: ${overall}`, '', ...pathLines(paths)];
}

/** Writes the DataLifecycle report (or, without one, how the execution ended) under the demo's report directory. */
function writeLifecycleReport(dir: string, report: unknown): string {
  const file = join(dir, 'lifecycle', 'report.json');
  mkdirSync(join(dir, 'lifecycle'), { recursive: true });
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  return file;
}

/** How an interrupted execution ended, from Step Functions: what is known of a run that published no report. */
async function endOf(sfn: SFNClient, executionArn: string): Promise<{ status?: string; error?: string; cause?: string }> {
  const { status, error, cause } = await sfn.send(new DescribeExecutionCommand({ executionArn }));
  return { status, error, cause };
}

/** The commands README suggests next, against the runtime that stays up. */
function nextSteps(runtime: AttachedRuntime): string[] {
  const exports = Object.entries(runtime.env).map(([k, v]) => `export ${k}=${v}`);
  return [
    'next:',
    ...(exports.length ? [`  ${exports.join(' ')}   # in another shell, to reach this runtime`] : []),
    '  npx keydrill drill disable-key                  # one drill again, reports in .keydrill/reports/',
    '  npx keydrill drill --list                       # what each scenario does and expects',
    '  npx keydrill alerts --since 10m                 # the alerts the drills raised',
    '  npx keydrill query --progress                   # the projection of the ledger into DynamoDB',
  ];
}

async function runDemo(dataDir: string, interrupt: Interrupt, stopWaitSeconds: number): Promise<DemoResult> {
  const sfn = sfnClient();
  const outputs = await stackOutputs();
  // Both machines are checked before anything runs: a demo missing half its story must not pretend.
  const machines = requireOutputs(outputs, { lifecycle: LIFECYCLE_MACHINE, suite: SUITE_MACHINE });
  const sources = watchSources(sfn, outputs, outputs[DRILL_MACHINE.key]);
  const sink = new ProgressBarSink();
  const dir = join(dataDir, 'reports', timeStamp());
  try {
    let lifecycle;
    try {
      lifecycle = await runExecution(sources, sink, { stateMachineArn: machines.lifecycle, input: {}, label: 'lifecycle' }, interrupt.signal);
    } catch (e) {
      if (!(e instanceof Interrupted)) throw e;
      // DataLifecycle has no stop rule and so no STOPPED report: its file says how the execution ended.
      sayStopped(e, interrupt, say);
      const lifecycleFile = writeLifecycleReport(dir, await endOf(sfn, e.executionArn));
      say(`${interrupt.reason()}: interrupted during DataLifecycle: the demo stopped before its summary; the drills never started`);
      return { verdict: 'STOPPED', interrupted: true, lines: pathLines([lifecycleFile]) };
    }
    const lifecycleFile = writeLifecycleReport(dir, lifecycle.report ?? { status: lifecycle.status, error: lifecycle.error, cause: lifecycle.cause });
    const life = lifecycleSummary(lifecycle.report);

    let suite;
    try {
      suite = await runExecution(sources, sink, { stateMachineArn: machines.suite, input: {}, label: 'suite' }, interrupt.signal);
    } catch (e) {
      if (!(e instanceof Interrupted)) throw e;
      // As `keydrill drill` does: the suite's STOPPED report (finished, stopped and not-run scenarios) once the engine publishes it.
      const stopped = await stoppedReportAfter(e, interrupt, sources.results, stopWaitSeconds, say);
      if (!stopped.report) say(`${stopped.problem}; no drill report written`);
      const drillPaths = stopped.report ? writeReports(join(dir, 'drills'), stopped.report) : [];
      const drills = stopped.report ? scenarioLines(stopped.report) : ['DrillSuite: stopped, and no STOPPED report to show'];
      say(`${interrupt.reason()}: interrupted during DrillSuite`);
      return { verdict: 'STOPPED', interrupted: true, lines: summaryLines(`${SUMMARY_HEADING} (interrupted during DrillSuite)`, life, drills, 'STOPPED', [lifecycleFile, ...drillPaths]) };
    }
    const outcome = drillOutcome(suite);
    const drillPaths = outcome.report ? writeReports(join(dir, 'drills'), outcome.report) : [];
    const verdict = suiteVerdict([life.verdict, outcome.verdict]);
    const drills = outcome.report ? scenarioLines(outcome.report) : [`DrillSuite: ${outcome.problem}`];
    return { verdict, lines: summaryLines(SUMMARY_HEADING, life, drills, verdict, [lifecycleFile, ...drillPaths]) };
  } finally {
    closeSources(sources);
    sfn.destroy();
  }
}

/** Resolves on the next interrupt (or when npm, which ran this, ends). */
const untilInterrupted = (signal: AbortSignal) => new Promise<void>((resolve) => (signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve(), { once: true })));

/**
 * `keydrill demo [--port P] [--data-dir D] [--exit] [--stop-wait S]` (= `npm start`): the runtime (started here,
 * or the one already on the port), then DataLifecycle with the walkthrough's defaults, then every drill, with live
 * progress, a summary and the report paths. It stays up afterwards for the next commands until Ctrl-C,
 * unless --exit or CI=true, when it exits 0 only if everything PASSED (else the exit code of `keydrill drill`).
 * Ctrl-C while an execution runs stops it and exits 3 after writing what is known: the lifecycle's report file,
 * and during the drills the suite's STOPPED reports and a partial summary, as `keydrill drill` does.
 */
export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('the whole story: runtime, data lifecycle, every drill, a summary (what `npm start` runs)')
    .option('-p, --port <port>', 'port of the runtime: one already running there is used (0 = start one on any free port)', parsePort, DEFAULT_PORT)
    .option('-d, --data-dir <dir>', 'where state and reports are kept', DEFAULT_DATA_DIR)
    .option('--exit', 'exit after the summary (also when CI=true): 0 only if everything passed')
    .option('--stop-wait <seconds>', `after Ctrl-C during the drills, how long to wait for the suite's STOPPED report before exiting without one (default: ${SUITE_STOP_WAIT_SECONDS})`, parseSeconds)
    .action(async (opts: DemoOptions) => {
      const dataDir = dataDirOf(opts.dataDir);
      const exitAfter = opts.exit === true || process.env.CI === 'true';
      const interrupt = interruptSignal();
      whenLauncherEnds(() => interrupt.abort("npm/npx ended"));
      let runtime: AttachedRuntime | undefined;
      let code: number;
      try {
        runtime = await attachRuntime({ port: opts.port, dataDir });
        const result = await runDemo(dataDir, interrupt, opts.stopWait ?? SUITE_STOP_WAIT_SECONDS);
        const staysUp = runtime.owned && !exitAfter && !result.interrupted;
        process.stdout.write(`${[...result.lines, '', ...(staysUp ? nextSteps(runtime) : [])].join('\n')}\n`);
        code = result.interrupted ? EXIT_INTERRUPTED : VERDICT_EXIT_CODES[result.verdict];
        if (staysUp) {
          process.stderr.write(`keydrill: the runtime stays up at ${runtime.endpoint}; Ctrl-C stops it\n`);
          await untilInterrupted(interrupt.signal);
          code = 0;
        }
      } catch (e) {
        // Interrupted between executions (or before the first): nothing was running to stop or report.
        if (interrupt.signal.aborted) {
          process.stderr.write(`keydrill: ${interrupt.reason()}: the demo stopped before its summary\n`);
          code = EXIT_INTERRUPTED;
        } else {
          process.stderr.write(`keydrill: ${(e as Error).message}${e instanceof MissingOutputError ? '; the demo needs both (issues 15 and 17)' : ''}\n`);
          code = VERDICT_EXIT_CODES.ERROR;
        }
      } finally {
        interrupt.dispose();
      }
      if (runtime?.owned) {
        process.stderr.write('keydrill: stopping the runtime…\n');
        await runtime.stop();
      }
      process.exit(code);
    });
}
