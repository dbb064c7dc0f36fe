import type { DrillRun } from './suite-plan';
import { scenarioReport, type ScenarioReport } from './scenario-report';
import { SCENARIO_NAMES, scenarioNamed, type ScenarioName } from './scenarios';
import { suiteReport, type SuiteReport } from './suite-report';

/**
 * What the suite's Map keeps of one nested KeyRotationDrill execution (statemachines/drill-suite.asl.json):
 * its input and ARN when it succeeded, or the caught error when it did not. The report itself is not carried
 * through the suite's state (a scenario report with its timeline can be tens of KB, and Step Functions allows
 * 256 KB of state); it is read back from the results table, where the drill published it.
 * https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html
 */
export interface ScenarioOutcome {
  input: DrillRun;
  executionArn?: string;
  /** The Catch's `{Error, Cause}`: for a nested execution that did not succeed, Cause is its DescribeExecution as JSON. */
  failure?: { Error?: string; Cause?: string };
}

/** The nested execution a failed `.sync:2` task describes in its Cause, when it got as far as starting one. */
interface FailedChild {
  ExecutionArn?: string;
  StartDate?: string | number;
  StopDate?: string | number;
  Status?: string;
  Error?: string;
  Cause?: string;
}

function failedChild(outcome: ScenarioOutcome): FailedChild | undefined {
  const cause = outcome.failure?.Cause;
  if (cause === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(cause);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as FailedChild) : undefined;
  } catch {
    return undefined;
  }
}

/** The ARN of the execution that ran this scenario, if one was started: its results table partition. */
export function childExecutionArn(outcome: ScenarioOutcome): string | undefined {
  return outcome.executionArn ?? failedChild(outcome)?.ExecutionArn;
}

const isoOr = (value: string | number | undefined, fallback: string) => {
  if (value === undefined) return fallback;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? fallback : date.toISOString();
};

/**
 * The report for a scenario whose drill published none (it failed before its report step, was stopped, or never
 * started): verdict ERROR, with the error that ended it. Built by the drill's own report code, so it has the
 * same shape and its expectations say what was not observed. `stoppedWithSuite`: the drill was stopped with its
 * suite and its own STOPPED report is still to come (the stop rule publishes it after the rollback), so this one
 * is STOPPED and says where that report will be.
 */
export function missingReport(outcome: ScenarioOutcome, at: { startedAt: string; endedAt: string }, stoppedWithSuite = false): ScenarioReport {
  const child = failedChild(outcome);
  const name = child?.Error ?? (stoppedWithSuite ? 'States.Aborted' : (outcome.failure?.Error ?? 'DrillPublishedNoReport'));
  const message = stoppedWithSuite
    ? `the KeyRotationDrill execution was stopped with the suite (${child?.Status ?? 'stopping'}); its own STOPPED report, with its rollback, was not published in time: it will be the REPORT item of its execution`
    : child
      ? `the KeyRotationDrill execution ended ${child.Status ?? 'without succeeding'}${child.Cause ? `: ${child.Cause}` : ''}`
      : outcome.failure
        ? (outcome.failure.Cause ?? 'the KeyRotationDrill execution could not be run')
        : 'the KeyRotationDrill execution succeeded but published no report';
  const executionArn = childExecutionArn(outcome);
  const scenario = outcome.input.scenario;
  return scenarioReport(scenarioNamed(scenario), {
    scenario,
    ...(executionArn ? { executionArn } : {}),
    dryRun: outcome.input.dryRun === true,
    startedAt: isoOr(child?.StartDate, at.startedAt),
    endedAt: isoOr(child?.StopDate, at.endedAt),
    baselineKeyArn: '',
    probes: [],
    ledger: [],
    events: [],
    facts: {},
    error: { name, message },
    ...(stoppedWithSuite ? { stopped: true } : {}),
  });
}

/**
 * The suite's report: each scenario's published report where there is one (the drill's own verdict, ERROR
 * included), an ERROR report where there is none, in the order the scenarios ran.
 */
export function aggregateSuite(outcomes: readonly ScenarioOutcome[], published: readonly (ScenarioReport | undefined)[], run: { startedAt: string; endedAt: string }): SuiteReport {
  const reports = outcomes.map((outcome, i) => published[i] ?? missingReport(outcome, run));
  return suiteReport(reports, run);
}

export class InvalidSuiteStepError extends Error {
  override readonly name = 'InvalidSuiteStep';
}

/** The aggregate step's outcomes, checked: each names a scenario of the catalogue. */
export function scenarioOutcomes(raw: unknown): ScenarioOutcome[] {
  if (!Array.isArray(raw)) throw new InvalidSuiteStepError('outcomes must be the list the suite\'s Map produced');
  return raw.map((o, i) => {
    const scenario = (o as ScenarioOutcome | null)?.input?.scenario;
    if (!(SCENARIO_NAMES as readonly string[]).includes(scenario as string)) throw new InvalidSuiteStepError(`outcome ${i} names no scenario of the catalogue`);
    return o as ScenarioOutcome & { input: { scenario: ScenarioName } };
  });
}
