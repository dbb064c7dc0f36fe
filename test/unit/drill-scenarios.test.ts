import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { scenarioTable } from '../../cli/drill-report/scenario-table';
import { SCENARIOS } from '../../functions/domain/drills/scenarios';

const README = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');

test("README's Drills table is the one the scenario catalogue generates", () => {
  const block = README.match(/<!-- drills-table:[^>]*-->\n([\s\S]*?)\n<!-- \/drills-table -->/);
  expect(block).not.toBeNull();
  expect(block![1]).toBe(scenarioTable());
});

test('the table has a row per scenario naming each of its expectations', () => {
  const rows = scenarioTable().split('\n').slice(2);
  expect(rows).toHaveLength(SCENARIOS.length);
  SCENARIOS.forEach((s, i) => {
    expect(rows[i].startsWith(`| \`${s.name}\``)).toBe(true);
    for (const e of s.expectations) expect(rows[i]).toContain(e.description);
  });
});
