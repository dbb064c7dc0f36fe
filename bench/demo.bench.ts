/**
 * `npm run bench:demo`: what issue 17 budgets for `npm start` — wall time from `npm start` to the summary
 * (at most 90 s) and peak resident memory of all its processes together (at most 1 GB, DynamoDB Local's JVM
 * included). Runs `npm start -- --exit --port 0 --data-dir <fresh temp dir>` (a fresh data directory, as on
 * a new machine; the npm cache and the synthesized template are as warm as they are), samples VmRSS of every
 * process of its tree from /proc every BENCH_SAMPLE_MS (default 200), and prints the figures. The machine
 * is shared and loaded: figures are noisy. Exits 1 when no summary was printed (the demo's reason is shown).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { tree } from '../test/helpers/process-tree';

const SAMPLE_MS = Number(process.env.BENCH_SAMPLE_MS ?? 200);
const SUMMARY = 'keydrill demo: summary';
const BUDGET = { seconds: 90, megabytes: 1024 };

/** Resident memory of one process in kB (0 when it has just gone). */
function residentKb(pid: number): number {
  try {
    const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'keydrill-bench-demo-'));
  const { CI: _ci, ...env } = process.env;
  const started = performance.now();
  const npm = spawn('npm', ['start', '--silent', '--', '--exit', '--port', '0', '--data-dir', dataDir], { cwd: join(__dirname, '..'), env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let summaryAt: number | undefined;
  npm.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    if (summaryAt === undefined && stdout.includes(SUMMARY)) summaryAt = performance.now();
  });
  npm.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  let peakKb = 0;
  let peakProcesses = 0;
  const sampler = setInterval(() => {
    const procs = tree(npm.pid!);
    const total = procs.reduce((sum, p) => sum + residentKb(p.pid), 0);
    if (total > peakKb) [peakKb, peakProcesses] = [total, procs.length];
  }, SAMPLE_MS);
  const code = await new Promise<number | null>((resolve) => npm.once('exit', resolve));
  clearInterval(sampler);
  const endedAt = performance.now();
  rmSync(dataDir, { recursive: true, force: true });

  const seconds = (to: number) => ((to - started) / 1000).toFixed(1);
  const figures = {
    exitCode: code,
    summarySeconds: summaryAt === undefined ? null : Number(seconds(summaryAt)),
    exitSeconds: Number(seconds(endedAt)),
    peakRssMb: Math.round(peakKb / 1024),
    processesAtPeak: peakProcesses,
  };
  process.stdout.write(`${stdout.slice(stdout.indexOf(SUMMARY) >= 0 ? stdout.indexOf(SUMMARY) : stdout.length)}\n`);
  process.stdout.write(`${JSON.stringify(figures)}\n`);
  if (summaryAt === undefined) {
    process.stdout.write(`no summary: the demo exited ${code}; its last words:\n${stderr.trim().split('\n').slice(-3).join('\n')}\n`);
    process.exitCode = 1;
    return;
  }
  process.stdout.write(
    `npm start → summary: ${figures.summarySeconds} s (budget ${BUDGET.seconds} s); peak RSS of all processes: ${figures.peakRssMb} MB over ${peakProcesses} processes (budget ${BUDGET.megabytes} MB)\n`,
  );
}

void main();
