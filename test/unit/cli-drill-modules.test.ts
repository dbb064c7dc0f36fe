import { Writable } from 'node:stream';
import { lifecycleSummary } from '../../cli/demo/lifecycle-summary';
import { progressBar, ProgressBarSink } from '../../cli/demo/progress-bar-sink';
import { drillOutcome } from '../../cli/drill/drill-outcome';
import { DrillArgumentError, drillTarget } from '../../cli/drill/drill-targets';
import { SCENARIO_NAMES } from '../../functions/domain/drills/scenarios';
import { drillReport, suiteOf } from '../emulator/cli-drill-fixtures';

describe('drillTarget', () => {
  test('one name is one KeyRotationDrill; several run as a suite in the order given, repeats once', () => {
    expect(drillTarget(['re-key'])).toEqual({ machine: 'drill', scenario: 're-key' });
    expect(drillTarget(['grant-revocation', 're-key', 'grant-revocation'])).toEqual({ machine: 'suite', scenarios: ['grant-revocation', 're-key'] });
    expect(drillTarget(['re-key', 're-key'])).toEqual({ machine: 'drill', scenario: 're-key' });
  });

  test('all, alone or among names, is every scenario in catalogue order', () => {
    expect(drillTarget(['all'])).toEqual({ machine: 'suite', scenarios: [...SCENARIO_NAMES] });
    expect(drillTarget(['re-key', 'all'])).toEqual({ machine: 'suite', scenarios: [...SCENARIO_NAMES] });
  });

  test('unknown names, or none, are refused with every valid name', () => {
    const error = (args: string[]) => {
      try {
        drillTarget(args);
      } catch (e) {
        return e as DrillArgumentError;
      }
      throw new Error('expected a refusal');
    };
    expect(error(['re-key', 'nope', 'nope', 'zap']).message).toBe(`unknown scenarios "nope", "zap"; the scenarios are: ${SCENARIO_NAMES.join(', ')} (or all)`);
    expect(error([])).toBeInstanceOf(DrillArgumentError);
    expect(error(['ALL']).unknown).toEqual(['ALL']);
  });
});

describe('drillOutcome', () => {
  test("a report's verdict is the outcome; a suite's too", () => {
    expect(drillOutcome({ executionArn: 'a', status: 'SUCCEEDED', report: drillReport('re-key', 'FAILED') }).verdict).toBe('FAILED');
    expect(drillOutcome({ executionArn: 'a', status: 'SUCCEEDED', report: suiteOf({ 're-key': 'ERROR' }) }).verdict).toBe('ERROR');
  });

  test('a report of a run that did not succeed is no better than its status', () => {
    const passed = drillReport('re-key');
    expect(drillOutcome({ executionArn: 'a', status: 'FAILED', error: 'States.Runtime', report: passed })).toEqual({ verdict: 'ERROR', report: passed, problem: 'the execution ended FAILED (States.Runtime) after publishing its report' });
    expect(drillOutcome({ executionArn: 'a', status: 'ABORTED', report: passed }).verdict).toBe('STOPPED');
    expect(drillOutcome({ executionArn: 'a', status: 'ABORTED', report: drillReport('re-key', 'FAILED') }).verdict).toBe('FAILED');
  });

  test('no report: STOPPED when aborted, else ERROR, saying why', () => {
    expect(drillOutcome({ executionArn: 'a', status: 'ABORTED' })).toEqual({ verdict: 'STOPPED', problem: 'the execution ended ABORTED without a report' });
    expect(drillOutcome({ executionArn: 'a', status: 'FAILED', error: 'States.Runtime', cause: 'boom' })).toEqual({ verdict: 'ERROR', problem: 'the execution ended FAILED without a report (States.Runtime: boom)' });
    expect(drillOutcome({ executionArn: 'a', status: 'SUCCEEDED', report: { verdict: 'PASSED' } })).toEqual({ verdict: 'ERROR', problem: 'the execution output is not a drill report' });
    expect(drillOutcome({ executionArn: 'a', status: 'SUCCEEDED', report: { ...suiteOf(), scenarios: [{ verdict: 'PASSED' }] } }).verdict).toBe('ERROR');
  });
});

describe('lifecycleSummary', () => {
  const report = {
    kind: 'lifecycle',
    verdict: 'PASSED',
    ingest: { total: 1500, committed: 1500, skipped: 0, batches: 38, perTable: {} },
    audit: { digest: 'd', tipAddress: { strandId: 's', sequenceNo: 4 }, total: 1500, verified: 1499, erased: 1 },
    erase: { subject: 'email:sha256:…', field: 'email', documents: 1, deleted: 1, redacted: 1, clean: true, ledgerHistoryClean: true, projectionClean: true, traces: [] },
  };

  test("reads the lifecycle report's figures: committed documents, proofs verified of those audited, the erasure check", () => {
    expect(lifecycleSummary(report)).toEqual({ verdict: 'PASSED', documents: 1500, proofsVerified: 1499, proofsTotal: 1500, erasureVerified: true });
    expect(lifecycleSummary({ ...report, verdict: 'FAILED', erase: { ...report.erase, clean: false } })).toMatchObject({ verdict: 'FAILED', erasureVerified: false });
  });

  test('a step that did not run leaves its figures undefined; anything but a lifecycle report is ERROR', () => {
    expect(lifecycleSummary({ kind: 'lifecycle', verdict: 'ERROR' })).toEqual({ verdict: 'ERROR', documents: undefined, proofsVerified: undefined, proofsTotal: undefined, erasureVerified: undefined });
    expect(lifecycleSummary(undefined)).toEqual({ verdict: 'ERROR' });
    expect(lifecycleSummary({ kind: 'lifecycle', verdict: 'SOMETHING' })).toEqual({ verdict: 'ERROR' });
    expect(lifecycleSummary({ verdict: 'PASSED', documents: 1500 })).toEqual({ verdict: 'ERROR' });
  });
});

describe('progress bars', () => {
  test('fill in proportion, never past full', () => {
    expect(progressBar('ingest', 600, 1500)).toBe(`ingest      [${'█'.repeat(12)}${'░'.repeat(18)}]  600 / 1500`);
    expect(progressBar('proofs', 0, 0)).toBe(`proofs      [${'░'.repeat(30)}] 0 / 0`);
    expect(progressBar('ingest', 9, 3)).toContain(`[${'█'.repeat(30)}]`);
  });

  const capture = (isTTY: boolean) => {
    let text = '';
    const out = Object.assign(new Writable({ write: (chunk, _enc, done) => ((text += chunk.toString()), done()) }), { isTTY }) as unknown as NodeJS.WriteStream;
    return { out, text: () => text };
  };

  test('on a terminal the last bar is redrawn in place; in a log each value is a line', () => {
    const tty = capture(true);
    const sink = new ProgressBarSink(tty.out);
    sink.progress('lifecycle', { ingest: { committed: 10, total: 100 } });
    sink.progress('lifecycle', { ingest: { committed: 50, total: 100 } });
    sink.step('lifecycle', '· verify');
    expect(tty.text()).toBe(`[lifecycle] ${progressBar('ingest', 10, 100)}\r\x1b[2K[lifecycle] ${progressBar('ingest', 50, 100)}\n[lifecycle] · verify\n`);

    const log = capture(false);
    const logged = new ProgressBarSink(log.out);
    logged.progress('lifecycle', { ingest: { committed: 10, total: 100 } });
    logged.progress('lifecycle', { ingest: { committed: 10, total: 100 }, projection: { projected: 5, total: 100 } });
    expect(log.text()).toBe(`[lifecycle] ${progressBar('ingest', 10, 100)}\n[lifecycle] ${progressBar('projection', 5, 100)}\n`);
  });
});
