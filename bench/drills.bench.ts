/**
 * `npm run bench:drills`: the drills on the embedded runtime, with the drill tier's compressed timings
 * (test/drill/key-rotation-drill.fixture.ts: QLDB's key checks, data-key cache and UPDATING minimum, Step
 * Functions' time scale, a 150 ms probe). One runtime, the whole stack deployed; through `@aws-sdk/client-sfn`:
 *
 * - each scenario once as its own KeyRotationDrill execution: wall time (StartExecution → the end
 *   DescribeExecution sees), verdict, and from its report the time to detect (disruption → first "Ledger Key At
 *   Risk"; → first status-change alert; → DescribeLedger showing it), time to impact, time to recover, rollback;
 * - then the DrillSuite over every scenario: its wall time and each nested drill's.
 *
 * Figures are milliseconds of wall time on whatever machine runs it; "-" is a figure the scenario does not have.
 * Knob: BENCH_SCENARIOS (comma-separated, default all).
 */
import { DescribeExecutionCommand, SFNClient, StartExecutionCommand, type DescribeExecutionCommandOutput } from '@aws-sdk/client-sfn';
import { performance } from 'node:perf_hooks';
import { setTimeout } from 'node:timers/promises';
import type { ScenarioReport } from '../functions/domain/drills/scenario-report';
import { SCENARIO_NAMES } from '../functions/domain/drills/scenarios';
import type { SuiteReport } from '../functions/domain/drills/suite-report';
import { OUTPUT_KEYS } from '../infra/stacks/output-keys';
import { startRuntime, type Runtime } from '../runtime';
import { DRILL_RUNTIME_OPTIONS, FAST } from '../test/drill/key-rotation-drill.fixture';
import { keydrillTemplate } from '../test/helpers/keydrill-stack';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const SCENARIOS = process.env.BENCH_SCENARIOS ? process.env.BENCH_SCENARIOS.split(',') : [...SCENARIO_NAMES];
/** How often the bench asks whether an execution ended: small next to a drill's seconds. */
const POLL_MS = 50;

async function runToEnd(sfn: SFNClient, stateMachineArn: string, input: unknown): Promise<{ wallMs: number; execution: DescribeExecutionCommandOutput }> {
  const t0 = performance.now();
  const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn, input: JSON.stringify(input) }));
  for (;;) {
    const execution = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    if (execution.status !== 'RUNNING') return { wallMs: performance.now() - t0, execution };
    await setTimeout(POLL_MS);
  }
}

const fmt = (v: number | null | undefined) => (v === null || v === undefined ? '-' : String(Math.round(v)));

function row(scenario: string, wallMs: number | undefined, report: ScenarioReport | undefined): string {
  const m = report?.measurements;
  const cells = [
    scenario,
    report?.verdict ?? '-',
    fmt(wallMs),
    fmt(m?.timeToDetect.keyAtRiskMs),
    fmt(m?.timeToDetect.statusChangeAlertMs),
    fmt(m?.timeToDetect.describeLedgerMs),
    fmt(m?.timeToImpactMs),
    fmt(m?.timeToRecoverMs),
    fmt(m?.rollbackDurationMs),
    m && m.probes.all.availabilityPercent !== null ? `${Math.round(m.probes.all.availabilityPercent * 10) / 10}% of ${m.probes.all.operations}` : '-',
  ];
  return `| ${cells.join(' | ')} |`;
}

const HEADER = '| scenario | verdict | wall | detect: key at risk | detect: status alert | detect: DescribeLedger | impact | recover | rollback | probe availability |\n|---|---|---|---|---|---|---|---|---|---|';

async function main(runtime: Runtime): Promise<void> {
  const sfn = new SFNClient({ endpoint: runtime.endpoint, region: runtime.region, credentials: { accessKeyId: runtime.env.AWS_ACCESS_KEY_ID, secretAccessKey: runtime.env.AWS_SECRET_ACCESS_KEY }, disableHostPrefix: true, maxAttempts: 1 });
  const drill = runtime.outputs[OUTPUT_KEYS.keyRotationDrillStateMachineArn];
  const suite = runtime.outputs[OUTPUT_KEYS.drillSuiteStateMachineArn];

  console.log(`Each scenario as its own KeyRotationDrill execution (ms; input ${JSON.stringify(FAST)}):\n\n${HEADER}`);
  for (const scenario of SCENARIOS) {
    const { wallMs, execution } = await runToEnd(sfn, drill, { scenario, ...FAST });
    const report = execution.output ? (JSON.parse(execution.output) as ScenarioReport) : undefined;
    console.log(row(scenario, wallMs, report) + (report ? '' : ` ${execution.status} ${execution.error ?? ''}`));
  }

  const { wallMs, execution } = await runToEnd(sfn, suite, { scenarios: SCENARIOS, ...FAST });
  if (!execution.output) throw new Error(`the suite ended ${execution.status}: ${execution.error} ${execution.cause}`);
  const report = JSON.parse(execution.output) as SuiteReport;
  console.log(`\nDrillSuite over ${SCENARIOS.length} scenario(s): ${Math.round(wallMs)} ms wall, verdict ${report.verdict} ${JSON.stringify(report.counts)}; its nested drills:\n\n${HEADER}`);
  for (const s of report.scenarios) console.log(row(s.scenario, Date.parse(s.endedAt) - Date.parse(s.startedAt), s));
  console.log('\n(nested drill "wall" = the report\'s startedAt → endedAt, on the runtime clock)');
}

(async () => {
  const runtime = await startRuntime({ port: 0, stack: keydrillTemplate(), ...DRILL_RUNTIME_OPTIONS });
  try {
    await main(runtime);
  } finally {
    await runtime.stop();
  }
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
