import { SCENARIOS } from '../../functions/domain/drills/scenarios';

/** `keydrill drill --list`: every scenario, what it does, how it is put back and what must hold. */
export function catalogueText(): string {
  return SCENARIOS.map((s) =>
    [
      `${s.name}${s.guarded ? '  (guarded: only on the stack\'s drill keys)' : ''}`,
      `  disruption: ${s.disruption}`,
      `  restore:    ${s.restore}`,
      '  expectations:',
      ...s.expectations.map((e) => `    - ${e.id}: ${e.description}`),
    ].join('\n'),
  ).join('\n\n');
}

/** `--list --json`: the catalogue as data (one object per scenario, expectations with their checks). */
export const catalogueJson = (): string => `${JSON.stringify(SCENARIOS, null, 2)}\n`;
