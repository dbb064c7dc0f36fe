import { execFileSync } from 'node:child_process';

/** One running process as `ps` lists it. */
export interface Proc {
  pid: number;
  ppid: number;
  args: string;
}

/** The processes that run: a zombie has ended (its parent, init in a container among them, may reap it late). */
export function processes(): Proc[] {
  return execFileSync('ps', ['-e', '-o', 'pid=,ppid=,stat=,args='], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean)
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(\S+)\s+(.*)$/.exec(line)!)
    .filter(([, , , stat]) => !stat.startsWith('Z'))
    .map(([, pid, ppid, , args]) => ({ pid: Number(pid), ppid: Number(ppid), args }));
}

/** `root` and every process under it. */
export function tree(root: number): Proc[] {
  const all = processes();
  const found = all.filter((p) => p.pid === root);
  for (let i = 0; i < found.length; i++) found.push(...all.filter((p) => p.ppid === found[i].pid));
  return found;
}

/** Those of `pids` that still run. */
export function alive(pids: readonly number[]): number[] {
  const running = new Set(processes().map((p) => p.pid));
  return pids.filter((pid) => running.has(pid));
}

/** Waits until none of `pids` runs, or `timeoutMs` has passed; resolves with those left running. */
export async function untilNoneAlive(pids: readonly number[], timeoutMs = 30_000): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const left = alive(pids);
    if (left.length === 0 || Date.now() > deadline) return left;
    await new Promise((r) => setTimeout(r, 100));
  }
}
