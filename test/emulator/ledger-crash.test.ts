import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { startRuntime } from '../../runtime';
import { qldbDriver } from '../helpers/qldb';

const ROOT = join(__dirname, '..', '..');
const LEDGER = 'crash-ledger';
const ROUNDS = 8;

jest.setTimeout(180_000);

/** Runs the commit loop until `killAfterMs` after its first acknowledgement, then kills it with SIGKILL. */
function runAndKill(dataDir: string, killAfterMs: number): Promise<Set<string>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin/run-ts.js'), join(ROOT, 'test/helpers/commit-loop.ts'), dataDir, LEDGER], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const acked = new Set<string>();
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    createInterface({ input: child.stdout }).on('line', (line) => {
      const m = /^ack (\S+) (\d+)$/.exec(line);
      if (!m) return;
      if (acked.size === 0) setTimeout(() => child.kill('SIGKILL'), killAfterMs);
      acked.add(`${m[1]}/${m[2]}`);
    });
    child.on('exit', (code, signal) => (signal === 'SIGKILL' ? resolve(acked) : reject(new Error(`commit loop exited with ${code}: ${stderr}`))));
  });
}

it('keeps every acknowledged commit across repeated kill -9, and the chain verifies after each', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'keydrill-crash-'));
  const everAcked = new Set<string>();
  try {
    for (let round = 0; round < ROUNDS; round++) {
      for (const ack of await runAndKill(dataDir, 50 + Math.floor(Math.random() * 700))) everAcked.add(ack);
      // Start-up replays the journal, truncates a torn tail and verifies the chain; it throws otherwise.
      const runtime = await startRuntime({ port: 0, dataDir });
      const driver = qldbDriver(runtime, LEDGER);
      try {
        const rows = await driver.executeLambda((txn) => txn.execute('SELECT a.writer, a.n FROM Acks AS a'));
        const present = new Set(rows.getResultList().map((r) => `${r.get('writer')!.stringValue()}/${r.get('n')!.numberValue()}`));
        const lost = [...everAcked].filter((ack) => !present.has(ack));
        expect({ round, lost }).toEqual({ round, lost: [] });
      } finally {
        driver.close();
        await runtime.stop();
      }
    }
    expect(everAcked.size).toBeGreaterThan(ROUNDS);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
