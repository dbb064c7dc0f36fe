import type { Command } from 'commander';
import { resolve } from 'node:path';
import { STACK_NAME } from '../../infra/stack-name';
import { writeReports, type DrillReport } from '../drill-report';
import { scenariosOf } from '../drill-report/report-shape';
import { sfnClient } from '../executions-client';
import { parseSeconds } from '../options';
import { catalogueJson, catalogueText } from '../drill/drill-catalogue';
import { EXIT_BAD_ARGUMENTS, EXIT_INTERRUPTED, VERDICT_EXIT_CODES } from '../drill/drill-exit-codes';
import { drillOutcome } from '../drill/drill-outcome';
import { DrillArgumentError, drillTarget, type DrillTarget } from '../drill/drill-targets';
import type { WatchSources } from '../drill/execution-watch';
import { interruptSignal, type Interrupt } from '../drill/interrupt';
import { LineSink } from '../drill/line-sink';
import { defaultReportDir } from '../drill/report-dir';
import { Interrupted, runExecution } from '../drill/run-execution';
import { DRILL_STOP_WAIT_SECONDS, defaultStopWaitSeconds, stoppedReportAfter, SUITE_STOP_WAIT_SECONDS } from '../drill/stopped-report';
import { closeSources, DRILL_MACHINE, requireOutputs, stackOutputs, SUITE_MACHINE, watchSources } from '../drill/stack-outputs';

interface DrillOptions {
  list?: boolean;
  dryRun?: boolean;
  reportDir?: string;
  json?: boolean;
  stopWait?: number;
  stack?: string;
}

/** The execution input of the drills' contract: KeyRotationDrill takes one scenario, DrillSuite a list. */
const inputOf = (target: DrillTarget, dryRun: boolean) => ({
  ...(target.machine === 'drill' ? { scenario: target.scenario } : { scenarios: target.scenarios }),
  ...(dryRun ? { dryRun: true } : {}),
});

/** One line per scenario, then the overall verdict: what a reader of the terminal wants first. */
function verdictLines(report: DrillReport): string[] {
  const lines = scenariosOf(report).map((s) => `${s.verdict.padEnd(7)}  ${s.scenario}  ${s.expectations.filter((e) => e.outcome === 'PASSED').length}/${s.expectations.length} expectations${s.dryRun ? ' (dry run)' : ''}`);
  return 'scenarios' in report ? [...lines, `${report.verdict.padEnd(7)}  overall`] : lines;
}

/**
 * `keydrill drill <scenario…|all> [--dry-run] [--report-dir DIR] [--json]`, `keydrill drill --list`: runs the
 * drills as Step Functions executions (one scenario: KeyRotationDrill; several: DrillSuite), shows their progress
 * on stderr, writes the reports, and exits 0 only when every scenario PASSED (1 FAILED, 2 ERROR, 3 STOPPED).
 */
export function registerDrill(program: Command): void {
  program
    .command('drill')
    .description('run key-rotation drills and write their reports (exit 0 only when every scenario PASSED)')
    .argument('[scenarios...]', 'scenario names, or all')
    .option('--list', 'describe the scenarios: disruption, restore, expectations')
    .option('--dry-run', 'resolve every target and check every precondition without changing anything')
    .option('--report-dir <dir>', 'where report.json, report.md, junit.xml and report.html go (default: .keydrill/reports/<time>/)')
    .option('--json', 'print the report JSON on stdout (with --list: the catalogue)')
    .option('--stack <name>', `the deployed stack whose machines and tables the drills use, found with CloudFormation DescribeStacks (default: ${STACK_NAME})`)
    .option('--stop-wait <seconds>', `after Ctrl-C, how long to wait for the STOPPED report before exiting without one (default: ${DRILL_STOP_WAIT_SECONDS} for one scenario, ${SUITE_STOP_WAIT_SECONDS} for a suite)`, parseSeconds)
    .action(async (scenarios: string[], opts: DrillOptions) => {
      if (opts.list) {
        process.stdout.write(opts.json ? catalogueJson() : `${catalogueText()}\n`);
        return;
      }
      let target: DrillTarget;
      try {
        target = drillTarget(scenarios);
      } catch (e) {
        if (!(e instanceof DrillArgumentError)) throw e;
        process.stderr.write(`keydrill: ${e.message}\n`);
        process.exitCode = EXIT_BAD_ARGUMENTS;
        return;
      }
      process.exitCode = await drill(target, opts);
    });
}

/** Writes the report files and prints the verdicts and paths (stdout, or stderr with --json, which prints the report). */
function publishLocally(report: DrillReport, verdict: DrillReport['verdict'], opts: DrillOptions): void {
  const paths = writeReports(resolve(opts.reportDir ?? defaultReportDir()), report);
  const summary = [...verdictLines(report), ...(verdict === report.verdict ? [] : [`${verdict.padEnd(7)}  the execution itself`]), ...paths].join('\n');
  if (opts.json) {
    process.stderr.write(`${summary}\n`);
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    process.stdout.write(`${summary}\n`);
  }
}

/** After an interrupt: the STOPPED report the engine publishes, written as any other report; else why there is none. */
async function reportInterrupted(e: Interrupted, interrupt: Interrupt, sources: WatchSources, target: DrillTarget, opts: DrillOptions): Promise<number> {
  const say = (line: string) => process.stderr.write(`keydrill: ${line}\n`);
  const stopped = await stoppedReportAfter(e, interrupt, sources.results, opts.stopWait ?? defaultStopWaitSeconds(target.machine), say);
  if (stopped.report) publishLocally(stopped.report, 'STOPPED', opts);
  else say(`${stopped.problem}; no report written`);
  return EXIT_INTERRUPTED;
}

async function drill(target: DrillTarget, opts: DrillOptions): Promise<number> {
  const interrupt = interruptSignal();
  const sfn = sfnClient();
  let sources: WatchSources | undefined;
  try {
    const outputs = await stackOutputs(opts.stack);
    const { machine } = requireOutputs(outputs, { machine: target.machine === 'drill' ? DRILL_MACHINE : SUITE_MACHINE });
    // The suite's scenarios run as KeyRotationDrill executions: their steps and progress are what is shown.
    sources = watchSources(sfn, outputs, target.machine === 'suite' ? outputs[DRILL_MACHINE.key] : undefined);
    const label = target.machine === 'drill' ? target.scenario : 'suite';
    const result = await runExecution(sources, new LineSink(), { stateMachineArn: machine, input: inputOf(target, opts.dryRun ?? false), label }, interrupt.signal);
    const outcome = drillOutcome(result);
    if (!outcome.report) {
      process.stderr.write(`keydrill: ${outcome.problem}; no report written\n`);
      return VERDICT_EXIT_CODES[outcome.verdict];
    }
    if (outcome.problem) process.stderr.write(`keydrill: ${outcome.problem}; the report is the one in the results table\n`);
    publishLocally(outcome.report, outcome.verdict, opts);
    return VERDICT_EXIT_CODES[outcome.verdict];
  } catch (e) {
    if (e instanceof Interrupted) return await reportInterrupted(e, interrupt, sources!, target, opts);
    // Nothing ran to a verdict: the drill could not be started or followed.
    process.stderr.write(`keydrill: ${(e as Error).message}\n`);
    return VERDICT_EXIT_CODES.ERROR;
  } finally {
    interrupt.dispose();
    if (sources) closeSources(sources);
    sfn.destroy();
  }
}
