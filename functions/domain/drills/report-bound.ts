import type { ScenarioReport } from './scenario-report';

/**
 * Step Functions carries at most 256 KiB between states and as an execution's output
 * (https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html), and a scenario report carries its
 * probe log. This many bytes leaves room for the state data around the report (the publisher's request, the
 * preflight result).
 */
export const MAX_SCENARIO_REPORT_BYTES = 180_000;

const size = (value: unknown) => Buffer.byteLength(JSON.stringify(value));

/**
 * The report within `maxBytes`: when its timeline is too long, only every n-th successful probe operation and
 * ledger observation is kept (failures, events and the last of each always are), with the smallest n that fits.
 * The measurements and expectations were computed from the whole log, which stays in the results table.
 */
export function boundedReport(report: ScenarioReport, maxBytes = MAX_SCENARIO_REPORT_BYTES): ScenarioReport {
  if (size(report) <= maxBytes) return report;
  const { probes, ledger } = report.timeline;
  for (let step = 2; ; step *= 2) {
    const keep = <T>(list: readonly T[], always: (x: T) => boolean) => list.filter((x, i) => always(x) || i % step === 0 || i === list.length - 1);
    const thinned: ScenarioReport = {
      ...report,
      timeline: { ...report.timeline, probes: keep(probes, (p) => !p.ok), ledger: keep(ledger, (l) => l.status !== 'ENABLED') },
      timelineThinned: { keptEvery: step, note: `every ${step}th successful probe operation and ENABLED observation kept (all failures, all events); the full log is in the results table under PROBE# and LEDGER#` },
    };
    if (size(thinned) <= maxBytes || step >= probes.length + ledger.length) return thinned;
  }
}
