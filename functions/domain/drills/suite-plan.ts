import { createHash } from 'node:crypto';
import { parseDrillInput } from './drill-input';
import { SCENARIO_NAMES, type ScenarioName } from './scenarios';

/**
 * The DrillSuite execution input (docs/drill-suite.md): which scenarios to run, in which order, and the
 * options every one of them gets. Checked whole before anything runs, so a misspelt scenario or a bad timeout
 * refuses the suite instead of failing seven drills one after another.
 */
export interface SuiteInput {
  scenarios?: ScenarioName[];
  dryRun?: boolean;
  probe?: { intervalMs?: number };
  timeouts?: Record<string, number>;
}

/** One KeyRotationDrill execution's input, exactly as the suite passes it on (members only when given). */
export type DrillRun = { scenario: ScenarioName } & Omit<SuiteInput, 'scenarios'>;

export class InvalidSuiteInputError extends Error {
  override readonly name = 'InvalidSuiteInput';
}

const OPTION_MEMBERS = ['dryRun', 'probe', 'timeouts'] as const;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function scenarioList(value: unknown, problems: string[]): ScenarioName[] {
  if (value === undefined) return [...SCENARIO_NAMES];
  if (!Array.isArray(value) || value.length === 0) {
    problems.push(`scenarios must be a non-empty list of scenario names (or left out for all of them), got ${JSON.stringify(value)}`);
    return [];
  }
  const unknown = value.filter((s) => typeof s !== 'string' || !(SCENARIO_NAMES as readonly string[]).includes(s));
  if (unknown.length) problems.push(`unknown scenario ${unknown.map((s) => JSON.stringify(s)).join(', ')}: the scenarios are ${SCENARIO_NAMES.join(', ')}`);
  const repeated = value.filter((s, i) => value.indexOf(s) !== i);
  if (repeated.length) problems.push(`scenario ${[...new Set(repeated)].map((s) => JSON.stringify(s)).join(', ')} listed more than once`);
  return value as ScenarioName[];
}

/** The drill options, checked by the drill's own rules (functions/domain/drills/drill-input.ts) once for all. */
function optionProblems(options: Record<string, unknown>): string[] {
  try {
    parseDrillInput({ scenario: SCENARIO_NAMES[0], ...options });
    return [];
  } catch (e) {
    return [(e as Error).message.replace(/^invalid drill input: /, '')];
  }
}

/** The runs the suite makes, in order; throws InvalidSuiteInput naming every problem at once. */
export function suitePlan(raw: unknown): DrillRun[] {
  const input = raw ?? {};
  if (!isObject(input)) throw new InvalidSuiteInputError('the suite input must be a JSON object such as {"scenarios": ["alias-switch", "re-key"]}');
  const problems: string[] = [];
  for (const key of Object.keys(input)) if (key !== 'scenarios' && !(OPTION_MEMBERS as readonly string[]).includes(key)) problems.push(`unknown input field "${key}"`);
  const scenarios = scenarioList(input.scenarios, problems);
  const options: Record<string, unknown> = {};
  for (const key of OPTION_MEMBERS) if (input[key] !== undefined) options[key] = input[key];
  problems.push(...optionProblems(options));
  if (problems.length) throw new InvalidSuiteInputError(`invalid suite input: ${problems.join('; ')}`);
  return scenarios.map((scenario) => ({ scenario, ...options }) as DrillRun);
}

/** One drill run of the suite and the name its nested execution gets. */
export interface PlannedRun {
  input: DrillRun;
  name: string;
}

/**
 * The nested execution's name: derived from the suite's execution and the run's position, so a suite stopped in
 * the middle can find every drill it started (and tell those it never started) without a record of its own.
 * Execution names are at most 80 characters of letters, digits, `-` and `_`
 * (https://docs.aws.amazon.com/step-functions/latest/apireference/API_StartExecution.html); this one is at most 51.
 */
export function nestedDrillName(suiteRunId: string, position: number, scenario: ScenarioName): string {
  return `suite-${createHash('sha256').update(suiteRunId).digest('hex').slice(0, 24)}-${position}-${scenario}`;
}

/** The suite's runs, in order, each with its nested execution's name; throws InvalidSuiteInput as suitePlan does. */
export function plannedRuns(suiteRunId: string, raw: unknown): PlannedRun[] {
  return suitePlan(raw).map((input, i) => ({ input, name: nestedDrillName(suiteRunId, i + 1, input.scenario) }));
}

/** A nested execution's ARN: the drill state machine's, with `execution` for `stateMachine` and the name appended. */
export function nestedExecutionArn(drillStateMachineArn: string, name: string): string {
  return `${drillStateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
}
