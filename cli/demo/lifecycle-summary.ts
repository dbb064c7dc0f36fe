import type { Verdict } from '../../functions/domain/drills/drill-record';
import { isVerdict } from '../drill/drill-exit-codes';

/**
 * The lifecycle figures the demo's summary shows. The DataLifecycle report's shape is the lifecycle
 * workflow's own (functions/domain/lifecycle/); this reads it tolerantly, by the names the contract gives
 * (documents committed, proofs verified, the erasure), and shows "—" for what it does not find.
 */
export interface LifecycleSummary {
  verdict: Verdict;
  documents?: number;
  proofsVerified?: number;
  proofsTotal?: number;
  erasureVerified?: boolean;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The value at the first of `paths` (dotted) that holds one of the type wanted. */
function first<T>(report: Json, paths: string[], is: (v: unknown) => v is T): T | undefined {
  for (const path of paths) {
    const value = path.split('.').reduce<unknown>((at, key) => (isObject(at) ? at[key] : undefined), report);
    if (is(value)) return value;
  }
  return undefined;
}

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isBoolean = (v: unknown): v is boolean => typeof v === 'boolean';

/** Documents committed: a total where the report gives one, else the sum of a per-table record. */
function documents(report: Json): number | undefined {
  const total = first(report, ['documents.committed', 'documents.total', 'ingest.committed', 'committed', 'documentsCommitted'], isNumber);
  if (total !== undefined) return total;
  const perTable = first(report, ['documents.perTable', 'documentsCommitted', 'committedPerTable', 'documents'], isObject);
  const counts = perTable ? Object.values(perTable).filter(isNumber) : [];
  return counts.length ? counts.reduce((a, b) => a + b, 0) : undefined;
}

export function lifecycleSummary(report: unknown): LifecycleSummary {
  const r = isObject(report) ? report : {};
  return {
    verdict: isVerdict(r.verdict) ? r.verdict : 'ERROR',
    documents: documents(r),
    proofsVerified: first(r, ['audit.proofsVerified', 'audit.verified', 'proofs.verified', 'proofsVerified'], isNumber),
    proofsTotal: first(r, ['audit.proofsTotal', 'audit.total', 'proofs.total', 'proofsTotal'], isNumber),
    erasureVerified: first(r, ['erase.verified', 'erasure.verified', 'erase.erasureVerified', 'erasureVerified'], isBoolean),
  };
}
