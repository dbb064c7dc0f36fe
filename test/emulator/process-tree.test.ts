import { join } from 'node:path';
import { alive, type Proc, tree, untilNoneAlive } from '../helpers/process-tree';
import { spawnUntilReady } from '../helpers/spawn-until-ready';
import { tempDataDir } from '../helpers/temp-data-dir';

jest.setTimeout(180_000);

const REPO_ROOT = join(__dirname, '..', '..');

/** `npx keydrill up` (the README's way), its process tree once ready, and its main processes by role. */
async function npxKeydrillUp(dataDir: string) {
  const npx = await spawnUntilReady('npx', ['--no-install', 'keydrill', 'up', '--port', '0', '--data-dir', dataDir], {
    name: 'npx keydrill up',
    cwd: REPO_ROOT,
    ready: (line) => line.startsWith('{"event":"ready"'),
  });
  const procs = tree(npx.child.pid!);
  const one = (role: string, match: (p: Proc) => boolean) => {
    const found = procs.filter(match);
    if (found.length === 1) return found[0];
    // The test that called this never gets the tree to clean up: end it here.
    for (const p of procs) kill(p.pid, 'SIGKILL');
    throw new Error(`expected one ${role} in the tree, found ${found.length}:\n${procs.map((p) => `${p.pid} ${p.ppid} ${p.args}`).join('\n')}`);
  };
  // A child the runtime is just starting (a Lambda environment between fork and exec) still shows the runtime's own
  // command line: the runtime is the one whose parent is not such a process.
  const isRuntimeLike = (p: Proc) => /node .*keydrill up/.test(p.args) && !p.args.startsWith('npm');
  const runtime = one('runtime', (p) => isRuntimeLike(p) && !procs.some((q) => q.pid === p.ppid && isRuntimeLike(q)));
  // The JVM starts on first use: deploying the stack on a new data directory is one.
  const guarded = () => {
    const java = one('DynamoDB Local JVM', (p) => p.args.includes('DynamoDBLocal.jar') && p.args.startsWith('java'));
    const guard = one('guard', (p) => p.pid === java.ppid);
    const watchdog = one('watchdog', (p) => p.ppid === guard.pid && p.pid !== java.pid);
    return { java, guard, watchdog };
  };
  return { npx, pids: procs.map((p) => p.pid), runtime, guarded, procs };
}

/** Signals `pid`; one already gone (it exited between the listing and the kill) is what the test wants anyway. */
const kill = (pid: number, signal: NodeJS.Signals) => {
  try {
    process.kill(pid, signal);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ESRCH') throw e;
  }
};

describe('no process of `npx keydrill up` outlives it', () => {
  let up: Awaited<ReturnType<typeof npxKeydrillUp>> | undefined;
  /** Processes of earlier trees a test left on purpose: killed after it even when it fails. */
  let strays: number[] = [];
  afterEach(() => {
    for (const pid of alive([...(up?.pids ?? []), ...strays])) kill(pid, 'SIGKILL');
    up = undefined;
    strays = [];
  });

  it.each([
    ['SIGTERM to npx', 'npx', 'SIGTERM'],
    ['SIGINT to npx', 'npx', 'SIGINT'],
    ['SIGKILL of npx', 'npx', 'SIGKILL'],
    ['SIGTERM to the runtime', 'runtime', 'SIGTERM'],
    ['SIGINT to the runtime', 'runtime', 'SIGINT'],
    ['SIGKILL of the runtime', 'runtime', 'SIGKILL'],
  ] as const)('%s ends every process of the tree', async (_name, target, signal) => {
    up = await npxKeydrillUp(tempDataDir('tree'));
    kill(target === 'npx' ? up.npx.child.pid! : up.runtime.pid, signal);
    expect(await untilNoneAlive(up.pids)).toEqual([]);
  });

  it('SIGKILL of the guard ends the JVM it guarded, and the rest ends with the runtime', async () => {
    up = await npxKeydrillUp(tempDataDir('tree'));
    const { guard, java } = up.guarded();
    kill(guard.pid, 'SIGKILL');
    expect(await untilNoneAlive([java.pid])).toEqual([]);
    kill(up.npx.child.pid!, 'SIGTERM');
    expect(await untilNoneAlive(up.pids)).toEqual([]);
  });

  it('a runtime started on a data directory whose earlier DynamoDB Local JVM still runs ends that JVM', async () => {
    const dataDir = tempDataDir('tree');
    up = await npxKeydrillUp(dataDir);
    const { guard, java, watchdog } = up.guarded();
    // Everything that would end the JVM is gone first, as when a whole test run's processes were killed at once.
    for (const p of up.procs.filter((p) => p.pid === guard.pid || p.pid === watchdog.pid || p.ppid === watchdog.pid)) kill(p.pid, 'SIGKILL');
    kill(up.runtime.pid, 'SIGKILL');
    await new Promise((r) => setTimeout(r, 1_000));
    const orphan = java.pid;
    expect(alive([orphan])).toEqual([orphan]);
    strays = up.pids;
    up = await npxKeydrillUp(dataDir);
    expect(alive([orphan])).toEqual([]);
    expect(up.npx.stderr).toContain(`keydrill: ended DynamoDB Local (pid ${orphan}) left running on ${join(dataDir, 'dynamodb')} by an earlier runtime`);
    kill(up.npx.child.pid!, 'SIGTERM');
    expect(await untilNoneAlive(up.pids)).toEqual([]);
  });
});
