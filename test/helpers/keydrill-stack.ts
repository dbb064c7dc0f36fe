import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CfnTemplate } from '../../runtime/bootstrap/template';
import { STACK_NAME } from '../../infra/app';
import { keydrillApp } from './synth-keydrill';

/** The keydrill stack's template, synthesized into a private temp dir (about a second). */
export function keydrillTemplate(): { name: string; template: CfnTemplate } {
  const kd = keydrillApp();
  try {
    kd.app.synth();
    return { name: STACK_NAME, template: JSON.parse(readFileSync(join(kd.outdir, `${STACK_NAME}.template.json`), 'utf8')) };
  } finally {
    kd.dispose();
  }
}

/** A role's name from its ARN (`arn:aws:iam::123:role/path/Name`). */
export const roleNameOf = (roleArn: string) => roleArn.split('/').pop()!;
