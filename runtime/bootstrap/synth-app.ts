/**
 * `node --require tsx/cjs synth-app.ts <outdir>`: synthesizes the CDK app into <outdir>. synthesizeStack runs
 * it as a child process so that aws-cdk-lib (over 100 MB of heap once loaded) never stays in the runtime's
 * process for the rest of its life.
 */
import { createApp } from '../../infra/app';

const outdir = process.argv[2];
if (!outdir) {
  process.stderr.write('usage: synth-app.ts <outdir>\n');
  process.exit(2);
}
createApp({ outdir, bundle: false }).synth();
