import { SCENARIO_NAMES, type ScenarioName } from './scenarios';

/**
 * The KeyRotationDrill execution input (docs/drills.md#input), validated: every problem is named at once, so
 * a drill refuses bad input before it touches anything.
 */
export interface DrillInput {
  scenario: ScenarioName;
  dryRun: boolean;
  probe: { intervalMs: number };
  timeouts: DrillTimeouts;
}

export interface DrillTimeouts {
  /** How long the disruption branch waits for the scenario's impact (an alert, an inaccessible ledger). */
  impactMs: number;
  /** How long it waits for the recovery after restoring. */
  recoveryMs: number;
  /** How long one rollback attempt waits for the ledger to be ENABLED again. */
  rollbackMs: number;
}

export const DEFAULT_PROBE_INTERVAL_MS = 500;
export const DEFAULT_TIMEOUTS: DrillTimeouts = { impactMs: 60_000, recoveryMs: 60_000, rollbackMs: 60_000 };

const PROBE_INTERVAL_RANGE = [50, 60_000] as const;
const TIMEOUT_RANGE = [1_000, 600_000] as const;

export class InvalidDrillInputError extends Error {
  override readonly name = 'InvalidDrillInput';
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function wholeIn(value: unknown, [min, max]: readonly [number, number], what: string, problems: string[]): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || (value as number) < min || (value as number) > max) {
    problems.push(`${what} must be a whole number of milliseconds from ${min} to ${max}, got ${JSON.stringify(value)}`);
    return undefined;
  }
  return value as number;
}

export function parseDrillInput(raw: unknown): DrillInput {
  const problems: string[] = [];
  if (!isObject(raw)) throw new InvalidDrillInputError('the drill input must be a JSON object such as {"scenario": "alias-switch"}');
  for (const key of Object.keys(raw)) if (!['scenario', 'dryRun', 'probe', 'timeouts'].includes(key)) problems.push(`unknown input field "${key}"`);
  const scenario = raw.scenario;
  if (typeof scenario !== 'string' || !(SCENARIO_NAMES as readonly string[]).includes(scenario)) {
    problems.push(`scenario must be one of ${SCENARIO_NAMES.join(', ')}, got ${JSON.stringify(scenario)}`);
  }
  if (raw.dryRun !== undefined && typeof raw.dryRun !== 'boolean') problems.push(`dryRun must be true or false, got ${JSON.stringify(raw.dryRun)}`);
  const probe = raw.probe ?? {};
  const timeouts = raw.timeouts ?? {};
  if (!isObject(probe)) problems.push('probe must be an object such as {"intervalMs": 500}');
  if (!isObject(timeouts)) problems.push('timeouts must be an object such as {"impactMs": 60000}');
  const p = isObject(probe) ? probe : {};
  const t = isObject(timeouts) ? timeouts : {};
  for (const key of Object.keys(p)) if (key !== 'intervalMs') problems.push(`unknown probe field "${key}"`);
  for (const key of Object.keys(t)) if (!(key in DEFAULT_TIMEOUTS)) problems.push(`unknown timeouts field "${key}" (known: ${Object.keys(DEFAULT_TIMEOUTS).join(', ')})`);
  const intervalMs = wholeIn(p.intervalMs, PROBE_INTERVAL_RANGE, 'probe.intervalMs', problems);
  const impactMs = wholeIn(t.impactMs, TIMEOUT_RANGE, 'timeouts.impactMs', problems);
  const recoveryMs = wholeIn(t.recoveryMs, TIMEOUT_RANGE, 'timeouts.recoveryMs', problems);
  const rollbackMs = wholeIn(t.rollbackMs, TIMEOUT_RANGE, 'timeouts.rollbackMs', problems);
  if (problems.length) throw new InvalidDrillInputError(`invalid drill input: ${problems.join('; ')}`);
  return {
    scenario: scenario as ScenarioName,
    dryRun: raw.dryRun === true,
    probe: { intervalMs: intervalMs ?? DEFAULT_PROBE_INTERVAL_MS },
    timeouts: { impactMs: impactMs ?? DEFAULT_TIMEOUTS.impactMs, recoveryMs: recoveryMs ?? DEFAULT_TIMEOUTS.recoveryMs, rollbackMs: rollbackMs ?? DEFAULT_TIMEOUTS.rollbackMs },
  };
}
