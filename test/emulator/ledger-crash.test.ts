import { join } from 'node:path';
import { startRuntime } from '../../runtime';
import { qldbDriver } from '../helpers/qldb';
import { spawnUntilReady } from '../helpers/spawn-until-ready';
import { tempDataDir } from '../helpers/temp-data-dir';

const ROOT = join(__dirname, '..', '..');
const LEDGER = 'crash-ledger';
const ROUNDS = 8;
const ACK = /^ack (\S+) (\d+)$/;

jest.setTimeout(180_000);

/** Runs the commit loop until `killAfterMs` after its first acknowledgement, then kills it with SIGKILL. */
async function runAndKill(dataDir: string, killAfterMs: number): Promise<Set<string>> {
  const loop = await spawnUntilReady(process.execPath, [join(ROOT, 'bin/run-ts.js'), join(ROOT, 'test/helpers/commit-loop.ts'), dataDir, LEDGER], {
    name: 'the commit loop',
    cwd: ROOT,
    ready: (line) => line === 'ready',
  });
  await loop.line((line) => ACK.test(line));
  await new Promise((resolve) => setTimeout(resolve, killAfterMs));
  const { code, signal } = await loop.stop('SIGKILL');
  if (signal !== 'SIGKILL') throw new Error(`commit loop exited with ${code}: ${loop.stderr}`);
  const acks = loop.stdoutLines.map((line) => ACK.exec(line)).filter((match) => match !== null);
  return new Set(acks.map(([, writer, n]) => `${writer}/${n}`));
}

it('keeps every acknowledged commit across repeated kill -9, and the chain verifies after each', async () => {
  const dataDir = tempDataDir('crash');
  const everAcked = new Set<string>();
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
});
