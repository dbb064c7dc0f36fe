/**
 * `npm run soak:crash`: SIGKILLs `keydrill up`'s runtime process (the node process serving the endpoint) at
 * random moments while commits through the real QLDB driver, the journal stream to Kinesis, the projector
 * into DynamoDB, Step Functions executions and EventBridge deliveries are in flight, restarts it on the same
 * data directory, and checks after every kill what bench/soak/checks/index.ts lists: no orphan process, every
 * acknowledged commit present, the hash chain verifies, the projection converges to the ledger, every
 * acknowledged execution ends SUCCEEDED having run once, every acknowledged event is delivered. Prints figures; exits 1 on any violation.
 * Not part of `npm test` (it takes many minutes). Knobs: SOAK_KILLS (default 100), SOAK_MAX_RUN_MS (longest
 * time the work runs before a kill, default 3000), SOAK_DATA_DIR (kept when given; else a temporary one, removed).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { untilNoneAlive } from '../test/helpers/process-tree';
import type { Figures, SoakCheck, Violation } from './soak/check';
import { soakChecks } from './soak/checks';
import { spread } from './soak/figures';
import { KeydrillUp } from './soak/keydrill-up';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const KILLS = Number(process.env.SOAK_KILLS ?? 100);
const MAX_RUN_MS = Number(process.env.SOAK_MAX_RUN_MS ?? 3000);
const MIN_RUN_MS = 100;


async function runChecks(checks: SoakCheck[], kill: number, step: (check: SoakCheck) => Promise<string[]> | undefined, violations: Violation[]): Promise<void> {
  for (const check of checks) {
    try {
      for (const detail of (await step(check)) ?? []) violations.push({ check: check.name, afterKill: kill, detail });
    } catch (e) {
      violations.push({ check: check.name, afterKill: kill, detail: `the check failed: ${(e as Error).stack ?? e}` });
    }
  }
}

async function soak(): Promise<number> {
  const dataDir = process.env.SOAK_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'keydrill-soak-'));
  const checks = soakChecks();
  const violations: Violation[] = [];
  const startMs: number[] = [];
  const readyAfterKillMs: number[] = [];
  let restarts = 0;
  const soakStarted = Date.now();
  let up = await KeydrillUp.start(dataDir);
  try {
    for (let kill = 1; kill <= KILLS; kill++) {
      for (const check of checks) await check.begin?.(up.runtime);
      await sleep(MIN_RUN_MS + Math.random() * (MAX_RUN_MS - MIN_RUN_MS));
      for (const check of checks) check.halting?.();
      const killedAt = Date.now();
      const killed = up;
      const tree = await killed.kill();
      await runChecks(checks, kill, (c) => c.interrupted?.({ kill, tree }), violations);
      const restarting = Date.now();
      try {
        up = await KeydrillUp.start(dataDir);
      } catch (e) {
        violations.push({ check: 'restart', afterKill: kill, detail: `keydrill up did not come back: ${(e as Error).message}` });
        break;
      }
      restarts++;
      startMs.push(Date.now() - restarting);
      readyAfterKillMs.push(Date.now() - killedAt);
      const verifying = Date.now();
      await runChecks(checks, kill, (c) => c.verify?.({ kill, runtime: up.runtime }), violations);
      const found = violations.filter((v) => v.afterKill === kill);
      process.stderr.write(`soak: kill ${kill}/${KILLS}: ready ${readyAfterKillMs.at(-1)} ms after the kill, checked in ${Date.now() - verifying} ms${found.length ? `, ${found.length} violations` : ''}\n`);
      if (found.length > 0) process.stderr.write(`${found.map((v) => `  ${v.check}: ${v.detail}`).join('\n')}\n--- stderr of the killed runtime (tail) ---\n${killed.stderr.slice(-3000)}\n`);
    }
  } finally {
    for (const check of checks) check.halting?.();
    for (const check of checks) await check.interrupted?.({ kill: KILLS + 1, tree: [] }).catch(() => []);
    const { pids, code } = await up.stop();
    const left = await untilNoneAlive(pids);
    if (code !== 0) violations.push({ check: 'final stop', afterKill: KILLS, detail: `keydrill up exited ${code} on SIGTERM` });
    if (left.length > 0) violations.push({ check: 'final stop', afterKill: KILLS, detail: `still running after the final SIGTERM: ${left.join(', ')}` });
    for (const check of checks) check.close?.();
    if (!process.env.SOAK_DATA_DIR) rmSync(dataDir, { recursive: true, force: true });
  }

  const figures: Figures = {
    kills: KILLS,
    restarts,
    'soak duration s': Math.round((Date.now() - soakStarted) / 1000),
    'restart to ready p50 / p99 / max': spread(startMs),
    'kill to ready p50 / p99 / max': spread(readyAfterKillMs),
    ...Object.assign({}, ...checks.map((c) => c.figures?.() ?? {})),
    violations: violations.length,
  };
  console.table(Object.entries(figures).map(([figure, value]) => ({ figure, value })));
  for (const v of violations) console.log(`VIOLATION after kill ${v.afterKill} (${v.check}): ${v.detail}`);
  return violations.length === 0 ? 0 : 1;
}

soak().then(
  (code) => process.exit(code),
  (e) => {
    console.error(`soak: ${(e as Error).stack ?? e}`);
    process.exit(2);
  },
);
