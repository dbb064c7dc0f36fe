import type { Verdict } from '../../functions/domain/drills/drill-record';
import type { LifecycleReport } from '../../functions/domain/lifecycle/report';
import { isVerdict } from '../drill/drill-exit-codes';

/**
 * The lifecycle figures the demo's summary shows, read from the DataLifecycle report
 * (functions/domain/lifecycle/report.ts). A step that did not run has no section, so its figures are
 * undefined and the summary shows "—"; anything that is not a lifecycle report is ERROR.
 */
export interface LifecycleSummary {
  verdict: Verdict;
  documents?: number;
  proofsVerified?: number;
  proofsTotal?: number;
  erasureVerified?: boolean;
}

const isLifecycleReport = (v: unknown): v is LifecycleReport =>
  typeof v === 'object' && v !== null && (v as { kind?: unknown }).kind === 'lifecycle' && isVerdict((v as { verdict?: unknown }).verdict);

export function lifecycleSummary(report: unknown): LifecycleSummary {
  if (!isLifecycleReport(report)) return { verdict: 'ERROR' };
  return {
    verdict: report.verdict,
    documents: report.ingest?.committed,
    proofsVerified: report.audit?.verified,
    proofsTotal: report.audit?.total,
    erasureVerified: report.erase?.clean,
  };
}
