/**
 * What one drill execution observed, as the state machine hands it to the pure code here: the probe's log,
 * the ledger's status as DescribeLedger showed it, the events that arrived, the disruption window and the
 * rollback. Times are ISO-8601 strings (the runtime clock, as the state machine's context object gives them).
 */

export type EncryptionStatus = 'ENABLED' | 'UPDATING' | 'KMS_KEY_INACCESSIBLE';

/** Who the probe acted as: the application role (the one drills are about) or the administrator (the control). */
export type ProbeRole = 'application' | 'administrator';

export interface ProbeOperation {
  at: string;
  role: ProbeRole;
  kind: 'read' | 'write';
  /** `pooled` ran on a session the probe opened before the disruption; `fresh` on one opened for this operation. */
  session: 'pooled' | 'fresh';
  ok: boolean;
  latencyMs: number;
  errorName?: string;
  errorMessage?: string;
}

/** One DescribeLedger answer (EncryptionDescription). */
export interface LedgerObservation {
  at: string;
  status: EncryptionStatus;
  kmsKeyArn: string;
  /** InaccessibleKmsKeyDateTime: QLDB's own record of when it first found the key unusable. */
  inaccessibleSince?: string;
}

/** An event that reached the drill's subscription: a keydrill alert or an AWS service event (aws.kms). */
export interface ObservedEvent {
  at: string;
  detailType: string;
  detail: Record<string, unknown>;
}

/** Things the disruption branch checked once, by a call of its own (ListKeyRotations, reading old documents…). */
export type DrillFact = 'rotationListed' | 'oldDocumentsReadBack' | 'keyNeverDeleted';

export interface DisruptionWindow {
  /** When the disrupting call (UpdateAlias, DisableKey…) was made. */
  disruptedAt: string;
  /** When the restoring call (EnableKey, UpdateLedger back…) was made; absent when the scenario ended before it. */
  restoredAt?: string;
}

export interface RollbackRecord {
  startedAt: string;
  endedAt: string;
  /** The baseline was restored exactly and the steady state held again afterwards. */
  restored: boolean;
  /** What is left changed when it was not restored. */
  leftChanged?: string[];
}

export interface DrillRecord {
  scenario: string;
  executionArn?: string;
  dryRun: boolean;
  startedAt: string;
  endedAt: string;
  /** The ledger's key ARN in the baseline snapshot, and the key the scenario moves it to (when it does). */
  baselineKeyArn: string;
  targetKeyArn?: string;
  window?: DisruptionWindow;
  probes: ProbeOperation[];
  ledger: LedgerObservation[];
  events: ObservedEvent[];
  facts: Partial<Record<DrillFact, boolean>>;
  rollback?: RollbackRecord;
  /** The execution was stopped (StopExecution, a timeout) before it finished. */
  stopped?: boolean;
  /** The drill itself broke (a step failed for a reason other than what it measures). */
  error?: { name: string; message: string };
}

export type Verdict = 'PASSED' | 'FAILED' | 'ERROR' | 'STOPPED';
