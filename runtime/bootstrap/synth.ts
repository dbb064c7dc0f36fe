import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { PROJECT_ROOT } from '../core/paths';
import type { CfnTemplate } from './template';

/** Everything whose change alters the synthesized template. */
function sourceFiles(root: string): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir)
      .sort()
      .flatMap((name) => {
        const path = join(dir, name);
        return statSync(path).isDirectory() ? walk(path) : [path];
      });
  return [...walk(join(root, 'infra')), ...walk(join(root, 'functions')), join(root, 'cdk.json'), join(root, 'node_modules', 'aws-cdk-lib', 'package.json')].filter(existsSync);
}

function sourcesHash(root: string): string {
  const h = createHash('sha256');
  for (const file of sourceFiles(root)) h.update(relative(root, file)).update('\0').update(readFileSync(file)).update('\0');
  return h.digest('hex');
}

export interface SynthResult {
  template: CfnTemplate;
  stackName: string;
  /** True when the cached cloud assembly was reused. */
  cached: boolean;
}

/**
 * The stack's CloudFormation template, synthesized from infra/ — or read from the cloud assembly when
 * the sources have not changed since the last synthesis (synthesis takes about a second).
 */
export function synthesizeStack(outdir = join(PROJECT_ROOT, 'cdk.out'), root = PROJECT_ROOT): SynthResult {
  // aws-cdk-lib wraps every fs and child_process function with perf counters when it loads (unless told
  // not to); the runtime shares this process, and its journal's fs calls should not pay for that.
  process.env.CDK_NO_PERF_BUILTINS ??= '1';
  // Loaded lazily: aws-cdk-lib is only needed when something must be synthesized.
  const { STACK_NAME } = require('../../infra/app') as typeof import('../../infra/app');
  const templatePath = join(outdir, `${STACK_NAME}.template.json`);
  const stampPath = join(outdir, 'keydrill-synth.json');
  const hash = sourcesHash(root);
  if (existsSync(templatePath) && existsSync(stampPath)) {
    try {
      if (JSON.parse(readFileSync(stampPath, 'utf8')).hash === hash) {
        return { template: JSON.parse(readFileSync(templatePath, 'utf8')), stackName: STACK_NAME, cached: true };
      }
    } catch {
      // An unreadable stamp or template just means: synthesize again.
    }
  }
  const { createApp } = require('../../infra/app') as typeof import('../../infra/app');
  createApp({ outdir, bundle: false }).synth();
  writeFileSync(stampPath, JSON.stringify({ hash }));
  return { template: JSON.parse(readFileSync(templatePath, 'utf8')), stackName: STACK_NAME, cached: false };
}
