import type { Verdict } from '../drills/drill-record';
import type { LifecyclePlan } from './plan';

/**
 * The DataLifecycle execution's output and published report (drill-contracts: kind 'lifecycle', `verdict` at
 * the top level). Built from what the steps returned; a step that did not run has no section.
 */

export type LifecycleStep = 'plan' | 'provision' | 'ingest' | 'verify' | 'audit' | 'erase';

export interface ProvisionResult {
  tables: string[];
  tablesCreated: string[];
  indexesCreated: string[];
  journalStreams: { streamName: string; status: string }[];
}

export interface IngestBatchResult {
  table: string;
  committed: number;
  skipped: number;
}

export interface VerifyResult {
  equal: boolean;
  projected: number;
  total: number;
  differences: string[];
}

export interface DigestAnswer {
  /** base64, as the aws-sdk integration returns a blob. */
  Digest: string;
  DigestTipAddress: { IonText: string };
}

export interface EraseResult {
  subject: string;
  field: string;
  documents: number;
  deleted: number;
  redacted: number;
}

export interface ErasureCheck {
  clean: boolean;
  ledgerHistoryClean: boolean;
  projectionClean: boolean;
  /** Where traces remain, by document id and place (never the subject's data). */
  traces: string[];
}

export interface AuditResult {
  verified: number;
  /** Audited keys found in the erasure register rather than the ledger. */
  erased: number;
  redactedVerified: number;
}

export interface LifecycleState {
  runId: string;
  startedAt: string;
  ledgerName: string;
  plan?: LifecyclePlan;
  provision?: ProvisionResult;
  ingest?: IngestBatchResult[];
  verify?: VerifyResult;
  /** How many times verify compared the projection (the state machine counts). */
  verifyPolls?: { n: number };
  digest?: DigestAnswer;
  audit?: AuditResult[];
  erase?: EraseResult;
  erasureCheck?: ErasureCheck;
  afterErasureDigest?: DigestAnswer;
  afterErasureAudit?: AuditResult;
  failedStep?: LifecycleStep;
  failure?: { Error?: string; Cause?: string };
}

export interface LifecycleReport {
  kind: 'lifecycle';
  verdict: Verdict;
  runId: string;
  ledgerName: string;
  startedAt: string;
  endedAt: string;
  provision?: ProvisionResult;
  ingest?: { total: number; committed: number; skipped: number; batches: number; perTable: Record<string, { total: number; committed: number; skipped: number }> };
  verify?: { projected: number; total: number; polls?: number };
  audit?: { digest: string; tipAddress: { strandId: string; sequenceNo: number }; total: number; verified: number; erased: number };
  erase?: EraseResult & ErasureCheck & { proofsAfterErasure?: { digest: string; tipAddress: { strandId: string; sequenceNo: number }; verified: number; redactedVerified: number } };
  failure?: { step: LifecycleStep; error: string; cause: string };
}

/** A check the workflow makes came out wrong: FAILED. Any other error means the workflow could not judge: ERROR. */
export const CHECK_FAILURES = ['ProjectionMismatch', 'ProofVerificationFailed', 'ErasureIncomplete'] as const;

/** `{strandId:"…",sequenceNo:N}`, GetDigest's tip address as Ion text. */
export function tipAddressOf(ionText: string): { strandId: string; sequenceNo: number } {
  const strandId = /strandId:\s*"([^"]+)"/.exec(ionText)?.[1];
  const sequenceNo = /sequenceNo:\s*(\d+)/.exec(ionText)?.[1];
  if (!strandId || !sequenceNo) throw new Error(`not a block address: ${ionText}`);
  return { strandId, sequenceNo: Number(sequenceNo) };
}

export function lifecycleVerdict(state: LifecycleState): Verdict {
  if (state.failure) return (CHECK_FAILURES as readonly string[]).includes(state.failure.Error ?? '') ? 'FAILED' : 'ERROR';
  if (state.verify && !state.verify.equal) return 'FAILED';
  if (state.erasureCheck && !state.erasureCheck.clean) return 'FAILED';
  return 'PASSED';
}

export function lifecycleReport(state: LifecycleState, endedAt: Date): LifecycleReport {
  const report: LifecycleReport = { kind: 'lifecycle', verdict: lifecycleVerdict(state), runId: state.runId, ledgerName: state.ledgerName, startedAt: state.startedAt, endedAt: endedAt.toISOString() };
  if (state.provision) report.provision = state.provision;
  if (state.ingest && state.plan) report.ingest = ingestSummary(state.ingest, state.plan);
  if (state.verify) report.verify = { projected: state.verify.projected, total: state.verify.total, ...(state.verifyPolls ? { polls: state.verifyPolls.n } : {}) };
  if (state.digest && state.audit) {
    report.audit = {
      digest: state.digest.Digest,
      tipAddress: tipAddressOf(state.digest.DigestTipAddress.IonText),
      total: state.plan?.totals.audited ?? 0,
      verified: state.audit.reduce((n, b) => n + b.verified, 0),
      erased: state.audit.reduce((n, b) => n + b.erased, 0),
    };
  }
  if (state.erase) {
    const { subject, field, documents, deleted, redacted } = state.erase;
    const check = state.erasureCheck ?? { clean: false, ledgerHistoryClean: false, projectionClean: false, traces: [] };
    report.erase = { subject, field, documents, deleted, redacted, ...check };
    if (state.afterErasureDigest && state.afterErasureAudit) {
      const digest = state.afterErasureDigest;
      const { verified, redactedVerified } = state.afterErasureAudit;
      report.erase.proofsAfterErasure = { digest: digest.Digest, tipAddress: tipAddressOf(digest.DigestTipAddress.IonText), verified, redactedVerified };
    }
  }
  if (state.failure) report.failure = { step: state.failedStep ?? 'plan', error: state.failure.Error ?? 'States.Runtime', cause: causeText(state.failure.Cause) };
  return report;
}

function ingestSummary(batches: readonly IngestBatchResult[], plan: LifecyclePlan): NonNullable<LifecycleReport['ingest']> {
  const perTable: Record<string, { total: number; committed: number; skipped: number }> = {};
  for (const [table, total] of Object.entries(plan.totals.perTable)) perTable[table] = { total, committed: 0, skipped: 0 };
  for (const batch of batches) {
    const row = perTable[batch.table]!;
    row.committed += batch.committed;
    row.skipped += batch.skipped;
  }
  const sum = (field: 'committed' | 'skipped') => Object.values(perTable).reduce((n, r) => n + r[field], 0);
  return { total: plan.totals.documents, committed: sum('committed'), skipped: sum('skipped'), batches: batches.length, perTable };
}

/** A Lambda failure's Cause is its error payload as JSON: the message is what a reader wants. */
function causeText(cause: string | undefined): string {
  if (!cause) return '';
  try {
    const parsed = JSON.parse(cause) as { errorMessage?: unknown };
    return typeof parsed.errorMessage === 'string' ? parsed.errorMessage : cause;
  } catch {
    return cause;
  }
}
