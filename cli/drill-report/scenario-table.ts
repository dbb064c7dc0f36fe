import { SCENARIOS } from '../../functions/domain/drills/scenarios';
import { cell } from './report-markdown';

/** The README's Drills table, from the scenario catalogue (test/unit/drill-scenarios.test.ts keeps the README equal to it). */
export function scenarioTable(): string {
  const rows = SCENARIOS.map(
    (s) => `| \`${s.name}\`${s.guarded ? ' (guarded)' : ''} | ${cell(s.disruption)}; restore: ${cell(s.restore)} | ${s.expectations.map((e) => cell(e.description)).join('; ')} |`,
  );
  return ['| scenario | disruption | expectations |', '|---|---|---|', ...rows].join('\n');
}
