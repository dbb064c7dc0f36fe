import { join } from 'node:path';
import { tree } from '../../test/helpers/process-tree';
import { type ReadyProcess, spawnUntilReady } from '../../test/helpers/spawn-until-ready';
import type { SoakRuntime } from './check';

const KEYDRILL = join(__dirname, '..', '..', 'bin', 'keydrill.js');

/**
 * `keydrill up` run directly by node (no npm/npx shell in between), so that the process spawned is the
 * runtime's own: the node process that serves the endpoint, the one the soak SIGKILLs. A free port each
 * time: a restart must not depend on the old port being released.
 */
export class KeydrillUp {
  private constructor(
    private readonly process: ReadyProcess,
    readonly runtime: SoakRuntime,
  ) {}

  static async start(dataDir: string): Promise<KeydrillUp> {
    const up = await spawnUntilReady(process.execPath, [KEYDRILL, 'up', '--port', '0', '--data-dir', dataDir], {
      name: 'keydrill up',
      ready: (line) => line.startsWith('{"event":"ready"'),
    });
    const ready = JSON.parse(up.readyLine) as { endpoint: string; env: Record<string, string>; controlToken: string; outputs: Record<string, string> };
    return new KeydrillUp(up, { endpoint: ready.endpoint, region: ready.env.AWS_REGION, env: ready.env, controlToken: ready.controlToken, outputs: ready.outputs });
  }

  get pid(): number {
    return this.process.child.pid!;
  }

  /** What it printed on stderr (progress, warnings, a crash's stack), for a violation's report. */
  get stderr(): string {
    return this.process.stderr;
  }

  /** SIGKILLs the runtime's process; resolves with the pids of its tree as listed just before, once it has exited. */
  async kill(): Promise<number[]> {
    const pids = tree(this.pid).map((p) => p.pid);
    this.process.kill();
    await this.process.exited;
    return pids;
  }

  /** SIGTERM, the ordinary stop, at the end of the soak; resolves with the tree's pids and how it exited. */
  async stop(): Promise<{ pids: number[]; code: number | null }> {
    const pids = tree(this.pid).map((p) => p.pid);
    const exit = await this.process.stop('SIGTERM');
    return { pids, code: exit.code };
  }
}
