/**
 * `npm run bench:sfn`: Step Functions in the embedded runtime, through the real `@aws-sdk/client-sfn`.
 *
 * - **State transitions per second**: one execution of a machine of PASS_STATES chained Pass states (each
 *   state is one transition, two history events), timed from StartExecution to the end DescribeExecution
 *   sees; in memory, and with a data directory (every history event appended and fsynced before the
 *   interpreter goes on).
 * - **Executions per second** at concurrency 1 and 32: callers start executions of a 3-state Pass machine
 *   (STANDARD, in memory) back to back for BENCH_SECONDS; "started" is StartExecution calls answered per
 *   second, "completed" is executions ended per second from the first start until ListExecutions shows none
 *   RUNNING (polled every 20 ms, so polling costs next to nothing).
 * - **aws-sdk task overhead**: StartSyncExecution of an EXPRESS machine whose one Task is
 *   `aws-sdk:kms:describeKey`, next to the same DescribeKey sent directly with `@aws-sdk/client-kms`, and an
 *   EXPRESS machine of one Pass state (what an execution costs without the task).
 *
 * Knobs: BENCH_SECONDS (per throughput scenario, default 4), PASS_STATES (default 500).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { CreateKeyCommand, DescribeKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { CreateStateMachineCommand, DescribeExecutionCommand, ListExecutionsCommand, SFNClient, StartExecutionCommand, StartSyncExecutionCommand } from '@aws-sdk/client-sfn';
import { startRuntime, type Runtime } from '../runtime';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const MEASURE_MS = Number(process.env.BENCH_SECONDS ?? 4) * 1000;
const PASS_STATES = Number(process.env.PASS_STATES ?? 500);
/** How often a caller asks whether its execution ended (wall time). */
const POLL_MS = 2;

const clientConfig = (runtime: Runtime) => ({
  endpoint: runtime.endpoint,
  region: runtime.env.AWS_REGION,
  credentials: { accessKeyId: runtime.env.AWS_ACCESS_KEY_ID, secretAccessKey: runtime.env.AWS_SECRET_ACCESS_KEY },
  maxAttempts: 1,
  disableHostPrefix: true,
});

function passChain(count: number): object {
  const States: Record<string, object> = {};
  for (let i = 0; i < count; i++) States[`P${i}`] = i === count - 1 ? { Type: 'Pass', End: true } : { Type: 'Pass', Next: `P${i + 1}` };
  return { StartAt: 'P0', States };
}

async function setUp(runtime: Runtime) {
  const config = clientConfig(runtime);
  const sfn = new SFNClient(config);
  const kms = new KMSClient(config);
  const iam = new IAMClient(config);
  const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'states.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
  const { Role } = await iam.send(new CreateRoleCommand({ RoleName: 'bench-sfn', AssumeRolePolicyDocument: JSON.stringify(trust) }));
  const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:DescribeKey', Resource: '*' }] };
  await iam.send(new PutRolePolicyCommand({ RoleName: 'bench-sfn', PolicyName: 'kms', PolicyDocument: JSON.stringify(policy) }));
  const machine = async (name: string, definition: object, type: 'STANDARD' | 'EXPRESS' = 'STANDARD') =>
    (await sfn.send(new CreateStateMachineCommand({ name, definition: JSON.stringify(definition), roleArn: Role!.Arn!, type }))).stateMachineArn!;
  return { sfn, kms, iam, machine };
}

async function untilEnded(sfn: SFNClient, executionArn: string): Promise<string> {
  for (;;) {
    const { status } = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    if (status !== 'RUNNING') return status!;
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

/** Runs `op` from `callers` loops for MEASURE_MS; the count of ops done and the elapsed time. */
async function throughput(op: () => Promise<void>, callers: number): Promise<{ ops: number; perSecond: number; meanMs: number }> {
  const started = performance.now();
  const deadline = started + MEASURE_MS;
  let ops = 0;
  let busyMs = 0;
  await Promise.all(
    Array.from({ length: callers }, async () => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        await op();
        busyMs += performance.now() - t0;
        ops++;
      }
    }),
  );
  const elapsed = performance.now() - started;
  return { ops, perSecond: (ops * 1000) / elapsed, meanMs: busyMs / ops };
}

async function transitions(label: string, dataDir: string | undefined): Promise<string[]> {
  const runtime = await startRuntime({ port: 0, ...(dataDir ? { dataDir } : {}) });
  try {
    const { sfn, kms, iam, machine } = await setUp(runtime);
    const arn = await machine('pass-chain', passChain(PASS_STATES));
    const rows: string[] = [];
    for (let round = 0; round < 3; round++) {
      const t0 = performance.now();
      const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: arn }));
      const status = await untilEnded(sfn, executionArn!);
      const ms = performance.now() - t0;
      if (status !== 'SUCCEEDED') throw new Error(`the pass chain ended ${status}`);
      if (round > 0) rows.push(`${label.padEnd(34)} ${String(PASS_STATES).padStart(6)} states  ${ms.toFixed(0).padStart(7)} ms  ${((PASS_STATES * 1000) / ms).toFixed(0).padStart(8)} transitions/s`);
    }
    for (const c of [sfn, kms, iam]) c.destroy();
    return rows;
  } finally {
    await runtime.stop();
  }
}

async function main(): Promise<void> {
  console.log(`Step Functions bench (BENCH_SECONDS=${MEASURE_MS / 1000}, PASS_STATES=${PASS_STATES})\n`);
  console.log('State transitions (one execution of a Pass chain; first round is warm-up, not shown)');
  const dir = mkdtempSync(join(tmpdir(), 'keydrill-bench-sfn-'));
  try {
    for (const row of [...(await transitions('in memory', undefined)), ...(await transitions('data directory (fsync per event)', dir))]) console.log(`  ${row}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const runtime = await startRuntime({ port: 0 });
  try {
    const { sfn, kms, iam, machine } = await setUp(runtime);
    console.log('\nExecutions started and completed (STANDARD, 3 Pass states, in memory)');
    for (const callers of [1, 32]) {
      const machineArn = await machine(`three-pass-${callers}`, passChain(3));
      const t0 = performance.now();
      const started = await throughput(async () => void (await sfn.send(new StartExecutionCommand({ stateMachineArn: machineArn }))), callers);
      while (((await sfn.send(new ListExecutionsCommand({ stateMachineArn: machineArn, statusFilter: 'RUNNING', maxResults: 1 }))).executions ?? []).length > 0) {
        await new Promise((r) => setTimeout(r, 20));
      }
      const completedPerSecond = (started.ops * 1000) / (performance.now() - t0);
      console.log(
        `  concurrency ${String(callers).padStart(2)}: ${started.ops} executions, ${started.perSecond.toFixed(1)} started/s (${started.meanMs.toFixed(2)} ms per StartExecution), ${completedPerSecond.toFixed(1)} completed/s`,
      );
    }

    const keyId = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
    const task = await machine('describe-key', { StartAt: 'D', States: { D: { Type: 'Task', Resource: 'arn:aws:states:::aws-sdk:kms:describeKey', Parameters: { KeyId: keyId }, End: true } } }, 'EXPRESS');
    const pass = await machine('express-pass', passChain(1), 'EXPRESS');
    console.log('\naws-sdk task overhead (concurrency 1)');
    const direct = await throughput(async () => void (await kms.send(new DescribeKeyCommand({ KeyId: keyId }))), 1);
    const passOnly = await throughput(async () => void (await sfn.send(new StartSyncExecutionCommand({ stateMachineArn: pass }))), 1);
    const viaTask = await throughput(async () => {
      const { status } = await sfn.send(new StartSyncExecutionCommand({ stateMachineArn: task }));
      if (status !== 'SUCCEEDED') throw new Error(`the describeKey task ended ${status}`);
    }, 1);
    console.log(`  direct SDK DescribeKey                         ${direct.meanMs.toFixed(2).padStart(7)} ms/op  (${direct.perSecond.toFixed(0)} ops/s)`);
    console.log(`  StartSyncExecution, one Pass state             ${passOnly.meanMs.toFixed(2).padStart(7)} ms/op  (${passOnly.perSecond.toFixed(0)} ops/s)`);
    console.log(`  StartSyncExecution, aws-sdk:kms:describeKey    ${viaTask.meanMs.toFixed(2).padStart(7)} ms/op  (${viaTask.perSecond.toFixed(0)} ops/s)`);
    // The task's call is in process (no HTTP, no SigV4), so an execution around it can cost less than the direct call.
    console.log(`  execution with the task over the direct call: ${(viaTask.meanMs - direct.meanMs).toFixed(2)} ms; the task over a one-Pass execution: ${(viaTask.meanMs - passOnly.meanMs).toFixed(2)} ms`);
    for (const c of [sfn, kms, iam]) c.destroy();
  } finally {
    await runtime.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
