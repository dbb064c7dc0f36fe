import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnGuarded } from '../../runtime/backends/guarded-process';

/** True while any process of the group still runs (signal 0 checks without killing). */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitUntil(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('spawnGuarded', () => {
  it('ends the command when its stdin closes, as it does when the runtime process dies', async () => {
    const guarded = spawnGuarded('sleep', ['600'], '/');
    const pgid = guarded.child.pid!;
    await new Promise((r) => setTimeout(r, 200));
    expect(groupAlive(pgid)).toBe(true);
    // What the kernel does to the pipe when the runtime's process ends, however it ends.
    guarded.child.stdin!.destroy();
    await waitUntil(() => !groupAlive(pgid));
  });

  it('stop() kills the whole group when the command ignores SIGTERM', async () => {
    const guarded = spawnGuarded('/bin/sh', ['-c', 'trap "" TERM; echo ready; while :; do sleep 1; done'], '/');
    const pgid = guarded.child.pid!;
    await waitUntil(() => guarded.output().includes('ready'));
    await guarded.stop(200);
    await waitUntil(() => !groupAlive(pgid));
  });

  it('keeps the last lines of output for error messages', async () => {
    const guarded = spawnGuarded('/bin/sh', ['-c', 'echo one; echo two >&2'], '/');
    await new Promise((r) => guarded.child.once('exit', r));
    expect(guarded.output().split('\n').sort()).toEqual(['one', 'two']);
  });
});

describe('spawnGuarded when the runtime dies', () => {
  it('kills a command that ignores the SIGTERM its end sends, and names its pid in the pid file', async () => {
    const pidFile = join(mkdtempSync(join(tmpdir(), 'keydrill-guard-')), 'command.pid');
    const guarded = spawnGuarded('/bin/sh', ['-c', 'trap "" TERM; echo ready; while :; do sleep 1; done'], '/', pidFile);
    const pgid = guarded.child.pid!;
    await waitUntil(() => guarded.output().includes('ready') && existsSync(pidFile));
    const commandPid = Number(readFileSync(pidFile, 'utf8'));
    expect(commandPid).toBeGreaterThan(0);
    expect(statSync(pidFile).mode & 0o777).toBe(0o600);
    guarded.child.stdin!.destroy();
    await waitUntil(() => !groupAlive(pgid), 10_000);
  });
});
