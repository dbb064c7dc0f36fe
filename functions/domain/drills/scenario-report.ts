import type { DrillRecord, LedgerObservation, ObservedEvent, ProbeOperation, DisruptionWindow, RollbackRecord, Verdict } from './drill-record';
import { checkExpectations, type ExpectationResult } from './expectations';
import { measure, type Measurements } from './measurements';
import type { Scenario } from './scenarios';

/** One scenario's report: the KeyRotationDrill execution's output, `verdict` at its top level. */
export interface ScenarioReport {
  verdict: Verdict;
  scenario: string;
  disruption: string;
  executionArn?: string;
  dryRun: boolean;
  startedAt: string;
  endedAt: string;
  expectations: ExpectationResult[];
  measurements: Measurements;
  rollback?: RollbackRecord;
  error?: { name: string; message: string };
  /** What a dry run verified (targets resolved, preconditions and permissions), one sentence each. */
  dryRunChecks?: string[];
  /** Set when the timeline was thinned to fit Step Functions' payload limit (report-bound.ts). */
  timelineThinned?: { keptEvery: number; note: string };
  /** The raw observations, kept so the report can be re-judged and drawn as a timeline. */
  timeline: { window?: DisruptionWindow; probes: ProbeOperation[]; ledger: LedgerObservation[]; events: ObservedEvent[] };
}

/**
 * STOPPED when the execution was stopped; ERROR when the drill itself broke, or its rollback did not restore
 * the baseline (what the drill left behind then matters more than what it measured); otherwise FAILED when any
 * expectation failed, else PASSED. A dry run that resolved and checked everything is PASSED with every
 * expectation NOT_RUN.
 */
export function scenarioVerdict(record: DrillRecord, results: readonly ExpectationResult[]): Verdict {
  if (record.stopped) return 'STOPPED';
  if (record.error || (record.rollback && !record.rollback.restored)) return 'ERROR';
  if (record.dryRun) return 'PASSED';
  return results.every((r) => r.outcome === 'PASSED') ? 'PASSED' : 'FAILED';
}

export function scenarioReport(scenario: Scenario, record: DrillRecord, dryRunChecks?: readonly string[]): ScenarioReport {
  const measurements = measure(record);
  const expectations = checkExpectations(scenario.expectations, record, measurements);
  return {
    verdict: scenarioVerdict(record, expectations),
    scenario: scenario.name,
    disruption: scenario.disruption,
    ...(record.executionArn === undefined ? {} : { executionArn: record.executionArn }),
    dryRun: record.dryRun,
    startedAt: record.startedAt,
    endedAt: record.endedAt,
    expectations,
    measurements,
    ...(record.rollback ? { rollback: record.rollback } : {}),
    ...(record.error ? { error: record.error } : {}),
    ...(dryRunChecks ? { dryRunChecks: [...dryRunChecks] } : {}),
    timeline: { window: record.window, probes: record.probes, ledger: record.ledger, events: record.events },
  };
}
