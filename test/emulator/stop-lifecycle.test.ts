import { spawnSync } from 'node:child_process';
import { chmodSync, lstatSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Runtime } from '../../runtime';
import { qldbDriver } from '../helpers/qldb';
import { type ReadyProcess, spawnUntilReady } from '../helpers/spawn-until-ready';
import { tempDataDir } from '../helpers/temp-data-dir';

jest.setTimeout(180_000);

const REPO_ROOT = join(__dirname, '..', '..');
const KEYDRILL = join(REPO_ROOT, 'bin', 'keydrill.js');

interface ReadyEvent {
  endpoint: string;
  env: Record<string, string>;
  outputs: Record<string, string>;
}

const isReady = (line: string) => line.startsWith('{"event":"ready"');

const keydrillUp = (dataDir: string): Promise<ReadyProcess> =>
  spawnUntilReady(process.execPath, [KEYDRILL, 'up', '--port', '0', '--data-dir', dataDir], { name: 'keydrill up', cwd: REPO_ROOT, ready: isReady });

/** The runtime a `keydrill up` announced, as far as the test helpers need one (endpoint, region, credentials). */
const printedRuntime = (ready: ReadyEvent) => ({ endpoint: ready.endpoint, region: ready.env.AWS_REGION, env: ready.env }) as unknown as Runtime;

async function commitOnce(up: ReadyProcess): Promise<void> {
  const ready: ReadyEvent = JSON.parse(up.readyLine);
  const driver = qldbDriver(printedRuntime(ready), ready.outputs.LedgerName);
  try {
    await driver.executeLambda((txn) => txn.execute('CREATE TABLE Stops'));
    await driver.executeLambda((txn) => txn.execute('INSERT INTO Stops ?', { n: 1 }));
  } finally {
    driver.close();
  }
}

/** Every entry under `dir` (itself included) with its permission bits. */
function modesUnder(dir: string): { path: string; directory: boolean; mode: number }[] {
  const stat = lstatSync(dir);
  const entry = { path: dir, directory: stat.isDirectory(), mode: stat.mode & 0o777 };
  return stat.isDirectory() ? [entry, ...readdirSync(dir).flatMap((name) => modesUnder(join(dir, name)))] : [entry];
}

describe('keydrill up on a data directory with a committed transaction', () => {
  const dataDir = tempDataDir('stop');

  it('stops cleanly (exit 0) on SIGTERM sent right after the ready line, every time', async () => {
    const first = await keydrillUp(dataDir);
    await commitOnce(first);
    expect(await first.stop('SIGTERM')).toEqual({ code: 0, signal: null });
    for (let i = 0; i < 3; i++) {
      const up = await keydrillUp(dataDir);
      expect(await up.stop('SIGTERM')).toEqual({ code: 0, signal: null });
    }
  });
});

describe('a runtime stopped right after a Kinesis stream was deleted', () => {
  it("exits 0: kinesalite's own stream timers end before its LevelDB is closed", async () => {
    const child = spawnSync(process.execPath, [join(REPO_ROOT, 'bin', 'run-ts.js'), join(REPO_ROOT, 'test', 'fixtures', 'kinesis', 'delete-then-stop.ts')], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 120_000 });
    expect({ status: child.status, signal: child.signal }).toEqual({ status: 0, signal: null });
    expect(child.stderr).not.toMatch(/Error/);
  });
});

describe('the data directory holds key material', () => {
  const dataDir = tempDataDir('modes');

  it('is tightened at start-up with a one-line notice, and every directory is 0700 and every file 0600 after a run', async () => {
    chmodSync(dataDir, 0o755);
    writeFileSync(join(dataDir, 'left-by-someone.txt'), 'x', { mode: 0o644 });
    chmodSync(join(dataDir, 'left-by-someone.txt'), 0o644);
    const up = await keydrillUp(dataDir);
    await commitOnce(up);
    expect(await up.stop('SIGTERM')).toEqual({ code: 0, signal: null });
    expect(up.stderr.split('\n').filter((l) => l.includes('holds key material'))).toEqual([
      `keydrill: ${dataDir} holds key material; removed group and other permissions from 2 entries under it`,
    ]);
    const entries = modesUnder(dataDir);
    // The run wrote state, the journal, kinesalite's LevelDB and DynamoDB Local's database.
    for (const part of ['state', 'qldb', 'kinesis', 'dynamodb']) expect(entries.some((e) => e.path.startsWith(join(dataDir, part, '')))).toBe(true);
    const wider = entries.filter((e) => e.mode !== (e.directory ? 0o700 : 0o600)).map((e) => `${e.path} ${e.mode.toString(8)}`);
    expect(wider).toEqual([]);
  });
});
