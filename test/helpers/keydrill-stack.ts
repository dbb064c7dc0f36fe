import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CfnTemplate } from '../../runtime/bootstrap/template';
import { STACK_NAME, type CreateAppOptions } from '../../infra/app';
import { keydrillApp } from './synth-keydrill';

/** The keydrill stack's template, synthesized into a private temp dir (about a second); its stack options may be given. */
export function keydrillTemplate(options: Pick<CreateAppOptions, 'continuousVerification'> = {}): { name: string; template: CfnTemplate } {
  const kd = keydrillApp(options);
  try {
    kd.app.synth();
    return { name: STACK_NAME, template: JSON.parse(readFileSync(join(kd.outdir, `${STACK_NAME}.template.json`), 'utf8')) };
  } finally {
    kd.dispose();
  }
}

/** A role's name from its ARN (`arn:aws:iam::123:role/path/Name`). */
export const roleNameOf = (roleArn: string) => roleArn.split('/').pop()!;
