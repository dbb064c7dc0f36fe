/**
 * `npm run bench:kms`: Encrypt+Decrypt round trips through the real `@aws-sdk/client-kms` against the
 * embedded runtime, next to the same number of plain HTTP round trips to a loopback server answering `{}`
 * — so the figure says what the runtime costs on top of the transport, on this machine.
 *
 * One "op" is two HTTP requests on both sides: Encrypt then Decrypt for the runtime, two POSTs with
 * bodies of the same sizes for the baseline. Each runtime scenario runs for a fixed time; its baseline
 * then runs exactly as many ops. A third target, the same SDK client pointed at the loopback server, separates
 * the client's own cost (signing, serialization, middleware) from the runtime's. Knobs: BENCH_SECONDS (per runtime scenario, default 4),
 * BENCH_CONCURRENCY (default 8).
 */
import { randomBytes } from 'node:crypto';
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { CreateKeyCommand, DecryptCommand, EncryptCommand, KMSClient } from '@aws-sdk/client-kms';
import { startRuntime } from '../runtime';
import { LoopbackBaseline } from './loopback-baseline';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const MEASURE_MS = Number(process.env.BENCH_SECONDS ?? 4) * 1000;
const WARMUP_MS = 1000;
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const PLAINTEXT_BYTES = 32;

type Op = () => Promise<void>;
type Budget = { durationMs: number } | { count: number };

interface Measurement {
  ops: number;
  elapsedMs: number;
  latenciesMs: number[];
}

/** Runs `op` from `callers` concurrent loops until the budget is spent; records every op's latency. */
async function measure(op: Op, callers: number, budget: Budget): Promise<Measurement> {
  const latenciesMs: number[] = [];
  const started = performance.now();
  const deadline = 'durationMs' in budget ? started + budget.durationMs : Infinity;
  const limit = 'count' in budget ? budget.count : Infinity;
  let issued = 0;
  const caller = async () => {
    while (issued < limit && performance.now() < deadline) {
      issued++;
      const t0 = performance.now();
      await op();
      latenciesMs.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: callers }, caller));
  return { ops: latenciesMs.length, elapsedMs: performance.now() - started, latenciesMs };
}

const opsPerSecond = (m: Measurement) => (m.ops * 1000) / m.elapsedMs;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

interface Row {
  scenario: string;
  callers: number;
  runtime: Measurement;
  sdkBaseline: Measurement;
  baseline: Measurement;
}

function printTable(rows: Row[]): void {
  const header = ['scenario', 'target', 'ops', 'ops/s', 'p50 ms', 'p99 ms'];
  const lines: string[][] = [];
  for (const row of rows) {
    for (const [target, m] of [
      ['SDK -> keydrill KMS', row.runtime],
      ['SDK -> loopback {}', row.sdkBaseline],
      ['http -> loopback {}', row.baseline],
    ] as const) {
      const sorted = [...m.latenciesMs].sort((a, b) => a - b);
      lines.push([
        `${row.scenario} (${row.callers} caller${row.callers > 1 ? 's' : ''})`,
        target,
        String(m.ops),
        opsPerSecond(m).toFixed(0),
        percentile(sorted, 50).toFixed(3),
        percentile(sorted, 99).toFixed(3),
      ]);
    }
  }
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const format = (cells: string[]) => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(format(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const l of lines) console.log(format(l));
  console.log();
  for (const row of rows) {
    const ratio = opsPerSecond(row.runtime) / opsPerSecond(row.baseline);
    const p50 = (m: Measurement) => percentile([...m.latenciesMs].sort((a, b) => a - b), 50);
    console.log(
      `${row.scenario}: runtime/baseline throughput = ${ratio.toFixed(3)} (${(1 / ratio).toFixed(1)}x slower); p50 latency ${(p50(row.runtime) / p50(row.baseline)).toFixed(1)}x; ` +
        `runtime/SDK-on-loopback throughput = ${(opsPerSecond(row.runtime) / opsPerSecond(row.sdkBaseline)).toFixed(3)}`,
    );
  }
}

async function main(): Promise<void> {
  const runtime = await startRuntime({ port: 0 });
  const baseline = await LoopbackBaseline.start();
  const clientFor = (endpoint: string) =>
    new KMSClient({
      endpoint,
      region: runtime.env.AWS_REGION,
      credentials: { accessKeyId: runtime.env.AWS_ACCESS_KEY_ID, secretAccessKey: runtime.env.AWS_SECRET_ACCESS_KEY },
      maxAttempts: 1,
    });
  const kms = clientFor(runtime.endpoint);
  const kmsOnLoopback = clientFor(`http://127.0.0.1:${baseline.port}`);
  try {
    const keyId = (await kms.send(new CreateKeyCommand({ Description: 'kms.bench' }))).KeyMetadata!.Arn!;
    const plaintext = randomBytes(PLAINTEXT_BYTES);

    const encryptDecrypt: Op = async () => {
      const { CiphertextBlob } = await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: plaintext }));
      const { Plaintext } = await kms.send(new DecryptCommand({ CiphertextBlob }));
      if (!Plaintext || !Buffer.from(Plaintext).equals(plaintext)) throw new Error('Decrypt did not return the encrypted plaintext');
    };

    // The baseline sends bodies of the sizes the SDK sends, so only the work behind the socket differs.
    const sample = (await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: plaintext }))).CiphertextBlob!;
    const encryptBody = JSON.stringify({ KeyId: keyId, Plaintext: plaintext.toString('base64') });
    const decryptBody = JSON.stringify({ CiphertextBlob: Buffer.from(sample).toString('base64') });
    const twoPosts: Op = async () => {
      await baseline.post(encryptBody);
      await baseline.post(decryptBody);
    };
    // The loopback server answers `{}`, which the SDK reads as empty outputs: nothing to check here.
    const sdkOnLoopback: Op = async () => {
      await kmsOnLoopback.send(new EncryptCommand({ KeyId: keyId, Plaintext: plaintext }));
      await kmsOnLoopback.send(new DecryptCommand({ CiphertextBlob: sample }));
    };

    console.log(
      `keydrill KMS benchmark — node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'} x${cpus().length}; ` +
        `one op = Encrypt+Decrypt (${PLAINTEXT_BYTES}-byte plaintext) vs two POSTs of the same body sizes; ` +
        `runtime measured ${MEASURE_MS / 1000} s per scenario after a warm-up, baselines the same op count\n`,
    );

    const rows: Row[] = [];
    for (const [scenario, callers] of [
      ['sequential', 1],
      ['concurrent', CONCURRENCY],
    ] as const) {
      await measure(encryptDecrypt, callers, { durationMs: WARMUP_MS });
      await measure(sdkOnLoopback, callers, { durationMs: WARMUP_MS / 2 });
      await measure(twoPosts, callers, { durationMs: WARMUP_MS / 2 });
      const runtimeResult = await measure(encryptDecrypt, callers, { durationMs: MEASURE_MS });
      const sdkBaseline = await measure(sdkOnLoopback, callers, { count: runtimeResult.ops });
      const baselineResult = await measure(twoPosts, callers, { count: runtimeResult.ops });
      rows.push({ scenario, callers, runtime: runtimeResult, sdkBaseline, baseline: baselineResult });
    }
    printTable(rows);
  } finally {
    kms.destroy();
    kmsOnLoopback.destroy();
    await baseline.stop();
    await runtime.stop();
  }
}

main().catch((e: Error) => {
  console.error(`kms.bench failed: ${e.stack ?? e.message}`);
  process.exitCode = 1;
});
