/**
 * `npm run drill:faults`: the whole fault matrix (test/drill/drill-faults.matrix.ts says what an injection point
 * is and why the enumeration is complete). For every scenario and every caller of the drill (the state machine's
 * role and each drill function's role), the k-th call fails once, for k = 0, 1, 2… until a run where it is never
 * reached; each run must end with the baseline restored exactly and a report that is not a clean pass hiding the
 * fault. Prints one line per point as it ends, then a coverage table; exits 1 on any violation.
 *
 * Arguments narrow it: scenario names and/or callers (`npm run drill:faults -- disable-key drillStep`).
 * FAULTS_ALLOW_ABSORBED=0 also counts a pass with no trace of the fault (a poll that simply tried again) as a
 * violation. It runs on one runtime with the drill tier's compressed timings: about an hour on a 2-core machine.
 */
import { SCENARIO_NAMES, type ScenarioName } from '../functions/domain/drills/scenarios';
import { startRuntime } from '../runtime';
import { clientConfig } from '../test/helpers/runtime';
import { keydrillTemplate } from '../test/helpers/keydrill-stack';
import { lazyClients } from '../test/helpers/service-clients';
import { DRILL_RUNTIME_OPTIONS } from '../test/drill/key-rotation-drill.fixture';
import { CALLERS, enumerate, violations, type Caller, type PointResult } from '../test/drill/drill-faults.matrix';
import { restorableState } from '../test/drill/key-rotation-drill.fixture';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const args = process.argv.slice(2);
const scenarios = args.filter((a) => (SCENARIO_NAMES as readonly string[]).includes(a)) as ScenarioName[];
const callers = args.filter((a) => a in CALLERS) as Caller[];
const unknown = args.filter((a) => !(SCENARIO_NAMES as readonly string[]).includes(a) && !(a in CALLERS));
if (unknown.length) {
  console.error(`unknown argument ${unknown.join(', ')}: scenarios are ${SCENARIO_NAMES.join(', ')}; callers are ${Object.keys(CALLERS).join(', ')}`);
  process.exit(2);
}
const allowAbsorbed = process.env.FAULTS_ALLOW_ABSORBED !== '0';

async function main(): Promise<number> {
  const runtime = await startRuntime({ port: 0, stack: keydrillTemplate(), ...DRILL_RUNTIME_OPTIONS });
  const { clients, destroy } = lazyClients(() => clientConfig(runtime));
  const env = { runtime, clients };
  const results: PointResult[] = [];
  try {
    const baseline = await restorableState(env as never);
    for (const scenario of scenarios.length ? scenarios : SCENARIO_NAMES) {
      for (const caller of callers.length ? callers : (Object.keys(CALLERS) as Caller[])) {
        await enumerate(env, scenario, caller, baseline, (r) => {
          results.push(r);
          const problems = violations(r, { allowAbsorbed });
          console.log(`${r.scenario.padEnd(19)} ${r.caller.padEnd(12)} call ${String(r.call).padStart(3)}  ${r.outcome.padEnd(9)} ${String(r.verdict ?? '-').padEnd(7)} ${String(r.wallMs).padStart(6)} ms${problems.length ? `  VIOLATION ${problems.join(' | ')}` : ''}`);
        });
      }
    }
  } finally {
    destroy();
    await runtime.stop();
  }
  return printCoverage(results);
}

function printCoverage(results: PointResult[]): number {
  const groups = new Map<string, PointResult[]>();
  for (const r of results) groups.set(`${r.scenario} ${r.caller}`, [...(groups.get(`${r.scenario} ${r.caller}`) ?? []), r]);
  console.log('\n| scenario | caller | points (calls) | reported | retried | absorbed | violations |\n|---|---|---|---|---|---|---|');
  let total = 0;
  let bad = 0;
  for (const [key, rs] of groups) {
    const points = rs.filter((r) => r.outcome !== 'unreached');
    const count = (o: string) => points.filter((r) => r.outcome === o).length;
    const violating = rs.filter((r) => violations(r, { allowAbsorbed }).length > 0).length;
    total += points.length;
    bad += violating;
    const [scenario, caller] = key.split(' ');
    console.log(`| ${scenario} | ${caller} | ${points.length} | ${count('reported')} | ${count('retried')} | ${count('absorbed')} | ${violating} |`);
  }
  console.log(`\n${total} injection points, each reached (its fault failed one call); ${bad} run(s) with a violation.`);
  return bad === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
