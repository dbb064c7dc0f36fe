import { SCENARIO_NAMES, type ScenarioName } from '../../functions/domain/drills/scenarios';

/** What `keydrill drill <scenario…|all>` starts: one scenario runs KeyRotationDrill, several or `all` run DrillSuite. */
export type DrillTarget = { machine: 'drill'; scenario: ScenarioName } | { machine: 'suite'; scenarios: ScenarioName[] };

const VALID = `the scenarios are: ${SCENARIO_NAMES.join(', ')} (or all)`;

/** The arguments name no scenario, or one that does not exist: nothing has started. */
export class DrillArgumentError extends Error {
  constructor(readonly unknown: string[]) {
    super(unknown.length ? `unknown scenario${unknown.length === 1 ? '' : 's'} ${unknown.map((n) => `"${n}"`).join(', ')}; ${VALID}` : `name a scenario, several, or all; ${VALID}`);
  }
}

const isScenarioName = (name: string): name is ScenarioName => (SCENARIO_NAMES as readonly string[]).includes(name);

/**
 * The target of the arguments: `all` alone or among names means every scenario, in catalogue order (the
 * suite's default); names repeated run once, in the order first given. Every name is checked before anything
 * starts.
 */
export function drillTarget(args: readonly string[]): DrillTarget {
  if (args.length === 0) throw new DrillArgumentError([]);
  const unknown = args.filter((a) => a !== 'all' && !isScenarioName(a));
  if (unknown.length) throw new DrillArgumentError([...new Set(unknown)]);
  if (args.includes('all')) return { machine: 'suite', scenarios: [...SCENARIO_NAMES] };
  const scenarios = [...new Set(args)] as ScenarioName[];
  return scenarios.length === 1 ? { machine: 'drill', scenario: scenarios[0] } : { machine: 'suite', scenarios };
}
