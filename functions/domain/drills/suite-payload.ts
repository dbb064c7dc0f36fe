import type { ScenarioReport } from './scenario-report';
import type { SuiteReport } from './suite-report';

/**
 * Step Functions carries at most 256 KiB between states and as an execution's output, and the suite's output is
 * its report with every scenario's report inside. This many bytes leaves room for the publisher task's request
 * around it. https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html
 */
export const MAX_SUITE_REPORT_BYTES = 200_000;

/** A suite report whose scenario timelines were thinned to fit: how, and where the full ones are. */
export type BoundedSuiteReport = SuiteReport & {
  timelinesThinned?: { keptEvery: number; note: string };
};

/** Every `step`-th element, the last one always kept (a timeline's end is where recovery shows). */
function everyNth<T>(list: readonly T[], step: number): T[] {
  if (step <= 1 || list.length <= 2) return [...list];
  const kept = list.filter((_, i) => i % step === 0);
  if ((list.length - 1) % step !== 0) kept.push(list[list.length - 1]);
  return kept;
}

function thinned(report: ScenarioReport, step: number): ScenarioReport {
  const { timeline } = report;
  return { ...report, timeline: { ...timeline, probes: everyNth(timeline.probes, step), ledger: everyNth(timeline.ledger, step), events: everyNth(timeline.events, step) } };
}

const size = (value: unknown) => Buffer.byteLength(JSON.stringify(value));

/**
 * The report as the suite outputs and publishes it: unchanged when it fits in `maxBytes`; otherwise every
 * scenario's timeline keeps every 2nd, 4th, 8th… observation until it does. Measurements and expectations are
 * never touched (they were computed from the full timelines), and each scenario's full report stays the REPORT
 * item of its own execution in the results table.
 */
export function boundedSuiteReport(report: SuiteReport, maxBytes = MAX_SUITE_REPORT_BYTES): BoundedSuiteReport {
  if (size(report) <= maxBytes) return report;
  const longest = Math.max(1, ...report.scenarios.map((s) => Math.max(s.timeline.probes.length, s.timeline.ledger.length, s.timeline.events.length)));
  for (let step = 2; ; step *= 2) {
    const bounded: BoundedSuiteReport = {
      ...report,
      scenarios: report.scenarios.map((s) => thinned(s, step)),
      timelinesThinned: { keptEvery: step, note: "each scenario's full report is the REPORT item of its executionArn in the results table" },
    };
    if (size(bounded) <= maxBytes || step >= longest) return bounded;
  }
}
