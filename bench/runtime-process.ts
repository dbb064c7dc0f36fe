/**
 * The runtime in a process of its own, for benchmarks that compare it with servers that also run in
 * their own process (DynamoDB Local's JVM): prints one JSON line {endpoint, region, env, outputs} when
 * ready and stops cleanly on SIGTERM.
 * Usage: node bin/run-ts.js bench/runtime-process.ts <dataDir> [--stack]   (--stack deploys the keydrill stack)
 */
import { startRuntime, synthesizeStack } from '../runtime';

const stack = process.argv.includes('--stack') ? synthesizeStack() : undefined;
startRuntime({ port: 0, dataDir: process.argv[2], stack: stack && { name: stack.stackName, template: stack.template } }).then((runtime) => {
  process.stdout.write(`${JSON.stringify({ endpoint: runtime.endpoint, region: runtime.region, env: runtime.env, outputs: runtime.outputs })}\n`);
  process.once('SIGTERM', () => void runtime.stop().then(() => process.exit(0)));
});
