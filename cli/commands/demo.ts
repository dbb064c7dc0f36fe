import type { Command } from 'commander';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_PORT } from '../../runtime';
import type { Verdict } from '../../functions/domain/drills/drill-record';
import { suiteVerdict } from '../../functions/domain/drills/suite-report';
import { writeReports } from '../drill-report';
import { scenariosOf } from '../drill-report/report-shape';
import { sfnClient } from '../executions-client';
import { attachRuntime, type AttachedRuntime } from '../demo/runtime-attach';
import { lifecycleLines, scenarioLines, SUMMARY_HEADING } from '../demo/demo-summary';
import { lifecycleSummary } from '../demo/lifecycle-summary';
import { ProgressBarSink } from '../demo/progress-bar-sink';
import { EXIT_INTERRUPTED, VERDICT_EXIT_CODES } from '../drill/drill-exit-codes';
import { drillOutcome } from '../drill/drill-outcome';
import { interruptSignal } from '../drill/interrupt';
import { timeStamp } from '../drill/report-dir';
import { Interrupted, runExecution } from '../drill/run-execution';
import { closeSources, DRILL_MACHINE, LIFECYCLE_MACHINE, MissingOutputError, requireOutputs, stackOutputs, SUITE_MACHINE, watchSources } from '../drill/stack-outputs';
import { DEFAULT_DATA_DIR, dataDirOf, parsePort } from '../options';
import { whenLauncherEnds } from './up';

interface DemoOptions {
  port: number;
  dataDir: string;
  exit?: boolean;
}

/** What the demo ran to: the overall verdict, and the summary and report paths to print. */
interface DemoResult {
  verdict: Verdict;
  lines: string[];
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

async function runDemo(dataDir: string, signal: AbortSignal): Promise<DemoResult> {
  const sfn = sfnClient();
  const outputs = await stackOutputs();
  // Both machines are checked before anything runs: a demo missing half its story must not pretend.
  const machines = requireOutputs(outputs, { lifecycle: LIFECYCLE_MACHINE, suite: SUITE_MACHINE });
  const sources = watchSources(sfn, outputs, outputs[DRILL_MACHINE.key]);
  const sink = new ProgressBarSink();
  const dir = join(dataDir, 'reports', timeStamp());
  try {
    const lifecycle = await runExecution(sources, sink, { stateMachineArn: machines.lifecycle, input: {}, label: 'lifecycle' }, signal);
    const lifecycleFile = join(dir, 'lifecycle', 'report.json');
    mkdirSync(join(dir, 'lifecycle'), { recursive: true });
    writeFileSync(lifecycleFile, `${JSON.stringify(lifecycle.report ?? { status: lifecycle.status, error: lifecycle.error, cause: lifecycle.cause }, null, 2)}\n`);
    const life = lifecycleSummary(lifecycle.report);

    const suite = await runExecution(sources, sink, { stateMachineArn: machines.suite, input: {}, label: 'suite' }, signal);
    const outcome = drillOutcome(suite);
    const drillPaths = outcome.report ? writeReports(join(dir, 'drills'), outcome.report) : [];
    const lines = [
      '',
      SUMMARY_HEADING,
      '',
      ...lifecycleLines(life),
      '',
      ...(outcome.report ? scenarioLines(scenariosOf(outcome.report)) : [`DrillSuite: ${outcome.problem}`]),
      '',
      `overall: ${suiteVerdict([life.verdict, outcome.verdict])}`,
      '',
      'reports:',
      ...[lifecycleFile, ...drillPaths].map((p) => `  ${p}${p.endsWith('.html') ? '   (open in a browser)' : ''}`),
    ];
    return { verdict: suiteVerdict([life.verdict, outcome.verdict]), lines };
  } finally {
    closeSources(sources);
    sfn.destroy();
  }
}

/** Resolves on the next interrupt (or when npm, which ran this, ends). */
const untilInterrupted = (signal: AbortSignal) => new Promise<void>((resolve) => (signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve(), { once: true })));

/**
 * `keydrill demo [--port P] [--data-dir D] [--exit]` (= `npm start`): the runtime (started here, or the one
 * already on the port), then DataLifecycle with the walkthrough's defaults, then every drill, with live
 * progress, a summary and the report paths. It stays up afterwards for the next commands until Ctrl-C,
 * unless --exit or CI=true, when it exits 0 only if everything PASSED (else the exit code of `keydrill drill`).
 */
export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('the whole story: runtime, data lifecycle, every drill, a summary (what `npm start` runs)')
    .option('-p, --port <port>', 'port of the runtime: one already running there is used (0 = start one on any free port)', parsePort, DEFAULT_PORT)
    .option('-d, --data-dir <dir>', 'where state and reports are kept', DEFAULT_DATA_DIR)
    .option('--exit', 'exit after the summary (also when CI=true): 0 only if everything passed')
    .action(async (opts: DemoOptions) => {
      const dataDir = dataDirOf(opts.dataDir);
      const exitAfter = opts.exit === true || process.env.CI === 'true';
      const interrupt = interruptSignal();
      whenLauncherEnds(() => interrupt.abort("npm/npx ended"));
      let runtime: AttachedRuntime | undefined;
      let code: number;
      try {
        runtime = await attachRuntime({ port: opts.port, dataDir });
        const result = await runDemo(dataDir, interrupt.signal);
        process.stdout.write(`${[...result.lines, '', ...(runtime.owned && !exitAfter ? nextSteps(runtime) : [])].join('\n')}\n`);
        code = VERDICT_EXIT_CODES[result.verdict];
        if (runtime.owned && !exitAfter) {
          process.stderr.write(`keydrill: the runtime stays up at ${runtime.endpoint}; Ctrl-C stops it\n`);
          await untilInterrupted(interrupt.signal);
          code = 0;
        }
      } catch (e) {
        if (e instanceof Interrupted || interrupt.signal.aborted) {
          for (const arn of e instanceof Interrupted ? e.stopped : []) process.stderr.write(`keydrill: ${interrupt.reason()}: stopped ${arn}\n`);
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
