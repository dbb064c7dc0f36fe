import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { PROJECT_ROOT } from '../core/paths';
import { STACK_NAME } from '../../infra/stack-name';
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
  // In a child process: its output goes to stderr, so a caller's stdout stays its own (keydrill up prints JSON there).
  const synth = spawnSync(process.execPath, ['--require', require.resolve('tsx/cjs'), join(__dirname, 'synth-app.ts'), outdir], { cwd: root, stdio: ['ignore', 2, 2] });
  if (synth.status !== 0) throw new Error(`synthesizing the stack failed (${synth.error?.message ?? (synth.signal ? `signal ${synth.signal}` : `exit code ${synth.status}`)}); its errors are above`);
  writeFileSync(stampPath, JSON.stringify({ hash }));
  return { template: JSON.parse(readFileSync(templatePath, 'utf8')), stackName: STACK_NAME, cached: false };
}
