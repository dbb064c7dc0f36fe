import { createApp } from '../app';

// The CDK CLI passes its output directory in CDK_OUTDIR; run directly (`npx tsx infra/bin/app.ts`), the
// app would otherwise synthesize into a fresh temp directory, so default to the conventional cdk.out.
createApp({ outdir: process.env.CDK_OUTDIR ?? 'cdk.out' }).synth();
