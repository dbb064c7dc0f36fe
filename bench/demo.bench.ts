/**
 * `npm run bench:demo`: what issue 17 budgets for `npm start` — wall time from `npm start` to the summary
 * (at most 90 s) and peak resident memory of all its processes together (at most 1 GB, DynamoDB Local's JVM
 * included). Runs `npm start -- --exit --port 0 --data-dir <fresh temp dir>` (a fresh data directory, as on
 * a new machine; the npm cache and the synthesized template are as warm as they are), samples the memory of
 * every process of its tree from /proc every BENCH_SAMPLE_MS (default 200), and prints the figures: the peak
 * of PSS summed over the tree (the budget's measure), the RSS sum at that moment and at its own peak, and what
 * was resident at the PSS peak, by Lambda function, and where the time went: when the runtime was ready and how
 * long each run's progress lines spanned (the lifecycle, each scenario). Exits 1 when no summary was printed (the reason is shown).
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

/**
 * One process's memory in kB: RSS counts every page it maps, so libraries and the node binary shared by the
 * Lambda workers are counted once per process; PSS divides each shared page among the processes sharing it, so
 * PSS summed over the tree is what they use together. Zero when the process has just gone.
 */
function memoryKb(pid: number): { rss: number; pss: number } {
  try {
    const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB$`, 'm').exec(rollup)?.[1] ?? 0);
    return { rss: field('Rss'), pss: field('Pss') };
  } catch {
    return { rss: 0, pss: 0 };
  }
}

/** What a process is, for the breakdown: a Lambda worker by its function's name, anything else by its program. */
function processLabel(pid: number, args: string): string {
  try {
    const fn = /(?:^|\0)AWS_LAMBDA_FUNCTION_NAME=([^\0]*)/.exec(readFileSync(`/proc/${pid}/environ`, 'latin1'))?.[1];
    if (fn) return `λ ${fn}`;
  } catch {
    // gone, or not ours to read
  }
  return args.includes('DynamoDBLocal') ? 'DynamoDB Local (JVM)' : args.split(' ').slice(0, 2).join(' ').slice(0, 60);
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
  // When each run's first and last progress line arrived ([lifecycle], [<scenario>], …): where the time goes.
  const spans = new Map<string, { first: number; last: number }>();
  let readyAt: number | undefined;
  npm.stderr.on('data', (chunk: Buffer) => {
    const at = performance.now();
    stderr += chunk.toString();
    readyAt ??= /the runtime runs at|using the runtime already running/.test(stderr) ? at : undefined;
    for (const [, label] of chunk.toString().matchAll(/^\[([^\]]+)\] /gm)) {
      const span = spans.get(label);
      if (span) span.last = at;
      else spans.set(label, { first: at, last: at });
    }
  });
  let peak = { pssKb: 0, rssKb: 0, processes: 0, breakdown: new Map<string, { n: number; kb: number }>() };
  let peakRssKb = 0;
  const sampler = setInterval(() => {
    const procs = tree(npm.pid!).map((p) => ({ ...p, ...memoryKb(p.pid) }));
    const pssKb = procs.reduce((sum, p) => sum + p.pss, 0);
    peakRssKb = Math.max(peakRssKb, procs.reduce((sum, p) => sum + p.rss, 0));
    if (pssKb <= peak.pssKb) return;
    const breakdown = new Map<string, { n: number; kb: number }>();
    for (const p of procs) {
      const label = processLabel(p.pid, p.args);
      const sum = breakdown.get(label) ?? { n: 0, kb: 0 };
      breakdown.set(label, { n: sum.n + 1, kb: sum.kb + p.pss });
    }
    peak = { pssKb, rssKb: procs.reduce((sum, p) => sum + p.rss, 0), processes: procs.length, breakdown };
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
    peakPssMb: Math.round(peak.pssKb / 1024),
    rssAtPeakMb: Math.round(peak.rssKb / 1024),
    peakRssMb: Math.round(peakRssKb / 1024),
    processesAtPeak: peak.processes,
  };
  process.stdout.write(`${stdout.slice(stdout.indexOf(SUMMARY) >= 0 ? stdout.indexOf(SUMMARY) : stdout.length)}\n`);
  process.stdout.write(`${JSON.stringify(figures)}\n`);
  if (summaryAt === undefined) {
    process.stdout.write(`no summary: the demo exited ${code}; its last words:\n${stderr.trim().split('\n').slice(-3).join('\n')}\n`);
    process.exitCode = 1;
    return;
  }
  const phases = [`runtime ready ${seconds(readyAt ?? started)} s`, ...[...spans].map(([label, span]) => `${label} ${((span.last - span.first) / 1000).toFixed(1)} s (from ${seconds(span.first)} s)`)];
  process.stdout.write(`phases: ${phases.join(', ')}\n`);
  const mb = (kb: number) => `${Math.round(kb / 1024)} MB`;
  const rows = [...peak.breakdown].sort((a, b) => b[1].kb - a[1].kb);
  process.stdout.write(`at the peak (PSS): ${rows.map(([label, { n, kb }]) => `${label}${n > 1 ? ` ×${n}` : ''} ${mb(kb)}`).join(', ')}\n`);
  process.stdout.write(
    `npm start → summary: ${figures.summarySeconds} s (budget ${BUDGET.seconds} s); peak memory of all processes together: ${figures.peakPssMb} MB PSS over ${peak.processes} processes, ${figures.rssAtPeakMb} MB summed RSS then (budget ${BUDGET.megabytes} MB)\n`,
  );
}

void main();
