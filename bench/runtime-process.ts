/**
 * The runtime in a process of its own, for benchmarks that compare it with servers that also run in
 * their own process (DynamoDB Local's JVM): prints one JSON line {endpoint, region, env} when ready and
 * stops cleanly on SIGTERM. Usage: node bin/run-ts.js bench/runtime-process.ts <dataDir>
 */
import { startRuntime } from '../runtime';

startRuntime({ port: 0, dataDir: process.argv[2] }).then((runtime) => {
  process.stdout.write(`${JSON.stringify({ endpoint: runtime.endpoint, region: runtime.region, env: runtime.env })}\n`);
  process.once('SIGTERM', () => void runtime.stop().then(() => process.exit(0)));
});
