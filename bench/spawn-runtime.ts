import { join } from 'node:path';
import type { Runtime } from '../runtime';
import { spawnUntilReady } from '../test/helpers/spawn-until-ready';

/**
 * Starts bench/runtime-process.ts and resolves once it is ready, with what clients need to reach it
 * (of the returned Runtime only endpoint, region, env and outputs are set: the test helpers need no more).
 * Its own process, as `keydrill up` runs, and as DynamoDB Local (a JVM) runs beside it.
 */
export async function runtimeProcess(dataDir: string, options: { stack?: boolean } = {}): Promise<{ runtime: Runtime; stop: () => Promise<void> }> {
  // BENCH_RUNTIME_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") profiles the runtime process itself.
  const nodeArgs = (process.env.BENCH_RUNTIME_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const args = [...nodeArgs, join(__dirname, '..', 'bin', 'run-ts.js'), join(__dirname, 'runtime-process.ts'), dataDir, ...(options.stack ? ['--stack'] : [])];
  // The process prints exactly one line, when it is ready.
  const child = await spawnUntilReady(process.execPath, args, { name: 'the runtime process', ready: () => true, inheritStderr: true });
  return {
    runtime: JSON.parse(child.readyLine) as Runtime,
    stop: async () => {
      await child.stop('SIGTERM');
    },
  };
}
