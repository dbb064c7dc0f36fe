import { scenarioReport, type ScenarioReport } from '../../functions/domain/drills/scenario-report';
import { SCENARIO_NAMES, scenarioNamed, type ScenarioName } from '../../functions/domain/drills/scenarios';
import { aggregateSuite, childExecutionArn, missingReport, scenarioOutcomes, type ScenarioOutcome } from '../../functions/domain/drills/suite-outcomes';
import { boundedSuiteReport } from '../../functions/domain/drills/suite-payload';
import { nestedDrillName, nestedExecutionArn, plannedRuns, suitePlan } from '../../functions/domain/drills/suite-plan';
import { stoppedSuiteReport, type NestedExecution } from '../../functions/domain/drills/suite-stopped';
import { suiteReport } from '../../functions/domain/drills/suite-report';
import { at, probe } from '../helpers/drill-probes';

const arn = (name: string) => `arn:aws:states:us-east-1:000000000000:execution:keydrill-key-rotation-drill:${name}`;
const run = { startedAt: at(0), endedAt: at(600_000) };

function published(scenario: ScenarioName, probes = 5, error?: { name: string; message: string }): ScenarioReport {
  return scenarioReport(scenarioNamed(scenario), {
    scenario,
    executionArn: arn(scenario),
    dryRun: false,
    startedAt: at(0),
    endedAt: at(60_000),
    baselineKeyArn: 'arn:aws:kms:us-east-1:000000000000:key/ledger',
    window: { disruptedAt: at(10_000), restoredAt: at(20_000) },
    probes: Array.from({ length: probes }, (_, i) => probe(i * 100, 5 + (i % 11))),
    ledger: [{ at: at(15_000), status: 'ENABLED', kmsKeyArn: 'arn:aws:kms:us-east-1:000000000000:key/ledger' }],
    events: [],
    facts: {},
    ...(error ? { error } : {}),
  });
}

describe('suitePlan', () => {
  test('no scenarios: every scenario, in catalogue order, with only the options given', () => {
    expect(suitePlan({})).toEqual(SCENARIO_NAMES.map((scenario) => ({ scenario })));
    expect(suitePlan(undefined)).toHaveLength(SCENARIO_NAMES.length);
    expect(suitePlan({ scenarios: ['re-key', 'alias-switch'], dryRun: true, probe: { intervalMs: 200 }, timeouts: { impactMs: 5000 } })).toEqual([
      { scenario: 're-key', dryRun: true, probe: { intervalMs: 200 }, timeouts: { impactMs: 5000 } },
      { scenario: 'alias-switch', dryRun: true, probe: { intervalMs: 200 }, timeouts: { impactMs: 5000 } },
    ]);
  });

  test.each([
    ['an unknown scenario', { scenarios: ['alias-switch', 'unplug-the-hsm'] }, /unknown scenario "unplug-the-hsm": the scenarios are alias-switch, re-key/],
    ['an empty list', { scenarios: [] }, /scenarios must be a non-empty list/],
    ['a repeated scenario', { scenarios: ['re-key', 're-key'] }, /scenario "re-key" listed more than once/],
    ['a bad drill option', { timeouts: { impactMs: 5 } }, /timeouts.impactMs must be a whole number of milliseconds from 1000/],
    ['an unknown member', { scenario: 're-key' }, /unknown input field "scenario"/],
    ['not an object', ['re-key'], /must be a JSON object/],
  ])('refuses %s with InvalidSuiteInput', (_what, input, message) => {
    expect(() => suitePlan(input)).toThrow(message);
    try {
      suitePlan(input);
    } catch (e) {
      expect((e as Error).name).toBe('InvalidSuiteInput');
    }
  });

  test('names every problem at once', () => {
    expect(() => suitePlan({ scenarios: ['nope'], dryRun: 'yes', extra: 1 })).toThrow(/unknown input field "extra".*unknown scenario "nope".*dryRun must be true or false/);
  });
});

describe('the nested drills\' names', () => {
  const suiteArn = (name: string) => `arn:aws:states:us-east-1:000000000000:execution:keydrill-drill-suite:${name}`;

  test('each run is named after the suite execution, its position and its scenario: a valid execution name, the same every time', () => {
    const runs = plannedRuns(suiteArn('nightly'), { scenarios: ['re-key', 'scheduled-deletion'], dryRun: true });
    expect(runs.map((r) => r.input)).toEqual(suitePlan({ scenarios: ['re-key', 'scheduled-deletion'], dryRun: true }));
    expect(runs.map((r) => r.name)).toEqual([nestedDrillName(suiteArn('nightly'), 1, 're-key'), nestedDrillName(suiteArn('nightly'), 2, 'scheduled-deletion')]);
    // https://docs.aws.amazon.com/step-functions/latest/apireference/API_StartExecution.html: 1 to 80 characters, no spaces or punctuation but - and _.
    for (const scenario of SCENARIO_NAMES) expect(nestedDrillName(suiteArn('x'.repeat(80)), 7, scenario)).toMatch(/^[A-Za-z0-9_-]{1,80}$/);
    expect(runs[1].name).toMatch(/-2-scheduled-deletion$/);
  });

  test('two suite executions never share a nested name; the ARN is the drill machine\'s, as an execution', () => {
    expect(nestedDrillName(suiteArn('a'), 1, 're-key')).not.toBe(nestedDrillName(suiteArn('b'), 1, 're-key'));
    expect(nestedExecutionArn('arn:aws:states:us-east-1:000000000000:stateMachine:keydrill-key-rotation-drill', 'n-1')).toBe('arn:aws:states:us-east-1:000000000000:execution:keydrill-key-rotation-drill:n-1');
  });

  test('the plan refuses what suitePlan refuses', () => {
    expect(() => plannedRuns(suiteArn('x'), { scenarios: ['nope'] })).toThrow(/unknown scenario "nope"/);
  });
});

describe('a stopped suite\'s report', () => {
  const stop = { status: 'ABORTED' as const, error: 'Operator', cause: 'stopped by hand' };
  const runs = plannedRuns('arn:aws:states:us-east-1:000000000000:execution:keydrill-drill-suite:s', { scenarios: ['alias-switch', 're-key', 'disable-key', 'grant-revocation', 'on-demand-rotation'] });
  const execution = (scenario: ScenarioName, status: string): NestedExecution => ({ executionArn: arn(scenario), status, startDate: at(0), stopDate: at(1_000) });
  const stoppedDrill = (scenario: ScenarioName) => ({ ...published(scenario), verdict: 'STOPPED' as const });

  test('STOPPED: finished scenarios keep their own reports, the running one its STOPPED report, a failed one without a report is ERROR, the rest are not run', () => {
    const report = stoppedSuiteReport(
      [
        { run: runs[0], execution: execution('alias-switch', 'SUCCEEDED'), report: published('alias-switch') },
        { run: runs[1], execution: { ...execution('re-key', 'FAILED'), error: 'DrillLockHeld', cause: 'another drill holds the lock' } },
        { run: runs[2], execution: execution('disable-key', 'ABORTED'), report: stoppedDrill('disable-key') },
        { run: runs[3] },
        { run: runs[4] },
      ],
      { ...run, stop },
    );
    expect(report.verdict).toBe('STOPPED');
    const finished = published('alias-switch').verdict;
    expect(report.scenarios.map((s) => [s.scenario, s.verdict])).toEqual([['alias-switch', finished], ['re-key', 'ERROR'], ['disable-key', 'STOPPED']]);
    expect(report.scenarios[0]).toEqual(published('alias-switch'));
    expect(report.scenarios[1].error).toEqual({ name: 'DrillLockHeld', message: 'the KeyRotationDrill execution ended FAILED: another drill holds the lock' });
    expect(report.notRun).toEqual(['grant-revocation', 'on-demand-rotation']);
    expect(report.stop).toEqual(stop);
    expect(report.counts).toEqual({ PASSED: 0, ERROR: 1, FAILED: 0, STOPPED: 1, [finished]: 1 });
    expect([report.startedAt, report.endedAt]).toEqual([run.startedAt, run.endedAt]);
  });

  test('a drill stopped with the suite whose own report is not published yet is STOPPED, not judged, and says where its report will be', () => {
    const report = stoppedSuiteReport([{ run: runs[0], execution: { ...execution('alias-switch', 'RUNNING'), stopDate: undefined } }, { run: runs[1] }], { ...run, stop: { status: 'TIMED_OUT' } });
    const [pending] = report.scenarios;
    expect(pending).toMatchObject({ scenario: 'alias-switch', verdict: 'STOPPED', executionArn: arn('alias-switch') });
    expect(pending.error!.name).toBe('States.Aborted');
    expect(pending.error!.message).toMatch(/stopped with the suite \(RUNNING\).*will be the REPORT item of its execution/);
    expect(pending.expectations.every((e) => e.outcome === 'STOPPED')).toBe(true);
    expect(report).toMatchObject({ verdict: 'STOPPED', notRun: ['re-key'], stop: { status: 'TIMED_OUT' } });
  });

  test('stopped before any drill started: no scenarios, all of them not run', () => {
    const report = stoppedSuiteReport(runs.map((r) => ({ run: r })), { ...run, stop });
    expect(report).toMatchObject({ verdict: 'STOPPED', scenarios: [], notRun: runs.map((r) => r.input.scenario) });
  });
});

describe('aggregating the outcomes', () => {
  const succeeded = (scenario: ScenarioName): ScenarioOutcome => ({ input: { scenario }, executionArn: arn(scenario) });
  const childFailed = (scenario: ScenarioName): ScenarioOutcome => ({
    input: { scenario, dryRun: true },
    failure: { Error: 'States.TaskFailed', Cause: JSON.stringify({ ExecutionArn: arn(scenario), Status: 'FAILED', StartDate: at(1_000), StopDate: at(9_000), Error: 'Drill.RolledBack', Cause: 'the disruption failed' }) },
  });

  test("a failed nested execution is found by the ARN in the Catch's Cause", () => {
    expect(childExecutionArn(succeeded('re-key'))).toBe(arn('re-key'));
    expect(childExecutionArn(childFailed('disable-key'))).toBe(arn('disable-key'));
    expect(childExecutionArn({ input: { scenario: 're-key' }, failure: { Error: 'States.Runtime', Cause: 'not json' } })).toBeUndefined();
  });

  test('published reports are used as they are; a scenario without one is ERROR with the error that ended it; order is kept', () => {
    const outcomes = [succeeded('alias-switch'), childFailed('disable-key'), succeeded('re-key')];
    const reports = [published('alias-switch'), undefined, published('re-key', 3, { name: 'X', message: 'broke' })];
    const suite = aggregateSuite(outcomes, reports, run);
    expect(suite.scenarios.map((s) => [s.scenario, s.verdict])).toEqual([
      ['alias-switch', reports[0]!.verdict],
      ['disable-key', 'ERROR'],
      ['re-key', 'ERROR'],
    ]);
    expect(suite.scenarios[0]).toBe(reports[0]);
    expect(suite.scenarios[1]).toMatchObject({ executionArn: arn('disable-key'), dryRun: true, startedAt: at(1_000), endedAt: at(9_000), error: { name: 'Drill.RolledBack', message: expect.stringMatching(/ended FAILED: the disruption failed/) } });
    expect(suite.verdict).toBe('ERROR');
    expect(suite.counts.ERROR).toBe(2);
  });

  test('a nested execution that never started, or succeeded without a report, is ERROR too', () => {
    const neverStarted = missingReport({ input: { scenario: 'grant-revocation' }, failure: { Error: 'StepFunctions.ExecutionLimitExceededException', Cause: 'too many' } }, run);
    expect(neverStarted).toMatchObject({ verdict: 'ERROR', startedAt: run.startedAt, error: { name: 'StepFunctions.ExecutionLimitExceededException', message: 'too many' } });
    expect(neverStarted.executionArn).toBeUndefined();
    expect(missingReport(succeeded('re-key'), run)).toMatchObject({ verdict: 'ERROR', error: { name: 'DrillPublishedNoReport' } });
  });

  test('outcomes must name scenarios of the catalogue', () => {
    expect(() => scenarioOutcomes([{ input: { scenario: 'nope' } }])).toThrow(/outcome 0 names no scenario/);
    expect(() => scenarioOutcomes({})).toThrow(/outcomes must be the list/);
  });
});

describe('boundedSuiteReport', () => {
  test('a report that fits is returned unchanged', () => {
    const report = suiteReport([published('alias-switch', 50)], run);
    expect(boundedSuiteReport(report, 1_000_000)).toBe(report);
  });

  test('a report too big keeps fewer timeline points, never touching measurements or expectations, and says so', () => {
    const report = suiteReport(SCENARIO_NAMES.map((s) => published(s, 2_000)), run);
    const size = Buffer.byteLength(JSON.stringify(report));
    expect(size).toBeGreaterThan(200_000);
    const bounded = boundedSuiteReport(report, 200_000);
    expect(Buffer.byteLength(JSON.stringify(bounded))).toBeLessThanOrEqual(200_000);
    expect(bounded.timelinesThinned).toEqual({ keptEvery: expect.any(Number), note: expect.stringContaining('REPORT item of its executionArn') });
    bounded.scenarios.forEach((s, i) => {
      const full = report.scenarios[i];
      expect(s.measurements).toEqual(full.measurements);
      expect(s.expectations).toEqual(full.expectations);
      expect(s.timeline.probes.length).toBeLessThan(full.timeline.probes.length);
      expect(s.timeline.probes[0]).toEqual(full.timeline.probes[0]);
      expect(s.timeline.probes.at(-1)).toEqual(full.timeline.probes.at(-1));
    });
    expect({ ...bounded, scenarios: undefined, timelinesThinned: undefined }).toEqual({ ...report, scenarios: undefined, timelinesThinned: undefined });
  });
});
