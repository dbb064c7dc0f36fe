import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Runtime } from '../runtime';

/**
 * Starts bench/runtime-process.ts and resolves once it is ready, with what clients need to reach it
 * (of the returned Runtime only endpoint, region, env and outputs are set: the test helpers need no more).
 * Its own process, as `keydrill up` runs, and as DynamoDB Local (a JVM) runs beside it.
 */
export function runtimeProcess(dataDir: string, options: { stack?: boolean } = {}): Promise<{ runtime: Runtime; stop: () => Promise<void> }> {
  const args = [join(__dirname, '..', 'bin', 'run-ts.js'), join(__dirname, 'runtime-process.ts'), dataDir, ...(options.stack ? ['--stack'] : [])];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the runtime process exited with ${code}`)));
    createInterface({ input: child.stdout! }).once('line', (line) => {
      const stop = () => new Promise<void>((done) => child.once('exit', () => done()).kill('SIGTERM'));
      resolve({ runtime: JSON.parse(line) as Runtime, stop });
    });
  });
}
