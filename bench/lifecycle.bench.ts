/**
 * `npm run bench:lifecycle`: the DataLifecycle state machine on the deployed stack (in-process runtime, data in a
 * temp dir), once per size in BENCH_SIZES (default 1500,15000), each on a fresh runtime. Figures come from the
 * execution's history (state entered/exited timestamps):
 *   - documents ingested per second: the Ingest Map's duration (batches of 40, MaxConcurrency 2 by default);
 *   - time until the projection equals the ledger: from the end of ingest to the Verify poll that found them equal
 *     (the poll interval is 1 s, so the figure is rounded up to a poll);
 *   - proofs verified per second: the Audit Map's duration (GetRevision + the client-side proof check);
 *   - the whole execution, erasure and report included.
 */
import { DescribeExecutionCommand, GetExecutionHistoryCommand, SFNClient, type DescribeExecutionCommandOutput, type HistoryEvent } from '@aws-sdk/client-sfn';
import { setTimeout as sleep } from 'node:timers/promises';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OUTPUT_KEYS } from '../infra/stacks/output-keys';
import { keydrillTemplate } from '../test/helpers/keydrill-stack';
import { clientConfig, withRuntime } from '../test/helpers/runtime';
import { start } from '../test/helpers/sfn';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const SIZES = (process.env.BENCH_SIZES ?? '1500,15000').split(',').map(Number);

async function historyOf(sfn: SFNClient, executionArn: string): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000, nextToken, includeExecutionData: false }));
    events.push(...(page.events ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  return events;
}

/** When the named top-level state was first entered (or last exited). */
function stateTime(events: HistoryEvent[], name: string, edge: 'Entered' | 'Exited'): number {
  const matching = events.filter((e) => e.type?.endsWith(`State${edge}`) && (e.stateEnteredEventDetails?.name ?? e.stateExitedEventDetails?.name) === name);
  const event = edge === 'Entered' ? matching[0] : matching[matching.length - 1];
  if (!event) throw new Error(`no ${name} ${edge} event`);
  return event.timestamp!.getTime();
}

/** The execution once it ended: a 15,000-document run outlasts the tests' two-minute poll. */
async function ended(sfn: SFNClient, executionArn: string): Promise<DescribeExecutionCommandOutput> {
  for (;;) {
    const execution = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    if (execution.status !== 'RUNNING') return execution;
    await sleep(500);
  }
}

async function benchSize(count: number): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'keydrill-bench-lifecycle-'));
  const runtime = await withRuntime({ dataDir, stack: keydrillTemplate() });
  const sfn = new SFNClient(clientConfig(runtime));
  let keep = false;
  try {
    const input = { ingest: [{ table: 'BicycleLicence', generate: { count } }], tables: [{ name: 'BicycleLicence', indexes: ['licenceId', 'email'] }], verify: { timeoutSeconds: 900 } };
    const executionArn = await start(sfn, runtime.outputs[OUTPUT_KEYS.dataLifecycleStateMachineArn], input);
    const execution = await ended(sfn, executionArn);
    const report = JSON.parse(execution.output ?? '{}');
    const events = await historyOf(sfn, executionArn);
    if (report.verdict !== 'PASSED') {
      console.log(`${count} documents: verdict ${report.verdict ?? execution.status}: ${JSON.stringify(report.failure ?? { error: execution.error, cause: execution.cause })}`);
      console.log(`  the data directory is kept for its logs: ${dataDir}`);
      keep = true;
      process.exitCode = 1;
      return;
    }
    const ingestMs = stateTime(events, 'Ingest', 'Exited') - stateTime(events, 'Ingest', 'Entered');
    const projectionMs = stateTime(events, 'ProgressAudit', 'Entered') - stateTime(events, 'Ingest', 'Exited');
    const auditMs = stateTime(events, 'Audit', 'Exited') - stateTime(events, 'Audit', 'Entered');
    const totalMs = execution.stopDate!.getTime() - execution.startDate!.getTime();
    console.log(
      `${count} documents: verdict ${report.verdict}; ingest ${(count / (ingestMs / 1000)).toFixed(0)} docs/s (${(ingestMs / 1000).toFixed(1)} s); ` +
        `projection equal ${(projectionMs / 1000).toFixed(1)} s after ingest; proofs ${(report.audit?.verified / (auditMs / 1000)).toFixed(0)}/s (${(auditMs / 1000).toFixed(1)} s); ` +
        `whole execution ${(totalMs / 1000).toFixed(1)} s`,
    );
  } finally {
    sfn.destroy();
    await runtime.stop();
    if (!keep) rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  console.log(`DataLifecycle, sizes ${SIZES.join(', ')} (noisy shared machine: figures vary run to run)`);
  for (const size of SIZES) await benchSize(size);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
