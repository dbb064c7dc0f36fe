import type { ScenarioName } from './scenarios';

/**
 * How the disruption branch carries each scenario out, as data: the call that disrupts, the call that restores
 * (none when rollback restores, as after a re-key or an alias switch, whose restoring call the drill does not
 * observe), and the signals each wait ends on. functions/drill-step turns these into KMS and QLDB calls.
 */

export type DrillKeyRole = 'ledger' | 'rotate' | 'standby' | 'noAccess';

export type DisruptCall =
  | { call: 'UpdateAlias'; to: DrillKeyRole }
  | { call: 'UpdateLedger'; to: DrillKeyRole }
  | { call: 'DisableKey' }
  | { call: 'ScheduleKeyDeletion'; pendingWindowInDays: number }
  | { call: 'RotateKeyOnDemand' }
  | { call: 'RevokeGrant' };

export type RestoreCall = { call: 'EnableKey' } | { call: 'UpdateLedgerBack' } | { call: 'CancelKeyDeletionAndEnable' } | { call: 'RenewGrant' };

/** A signal a wait ends on (all of a wait's signals must have been seen). */
export type Signal =
  | { kind: 'ledger'; status: 'ENABLED' | 'KMS_KEY_INACCESSIBLE'; on?: DrillKeyRole | 'baseline' }
  | { kind: 'event'; detailType: string; detail?: Readonly<Record<string, string>> }
  | { kind: 'probe-failed'; session?: 'pooled' | 'fresh' }
  | { kind: 'probe-succeeded-after-restore' }
  | { kind: 'rotation-listed' }
  | { kind: 'old-documents-read-back' }
  /** Enough application probe operations after the disruption to judge "0 failed operations". */
  | { kind: 'probes-after-disruption'; count: number };

export interface ScenarioPlan {
  disrupt: DisruptCall;
  impact: Signal[];
  restore?: RestoreCall;
  recovery: Signal[];
}

const KEY_AT_RISK = { kind: 'event', detailType: 'Ledger Key At Risk' } as const;
const statusChangedTo = (status: string) => ({ kind: 'event', detailType: 'Ledger Encryption Status Changed', detail: { status } }) as const;
const PROBES_DURING = { kind: 'probes-after-disruption', count: 5 } as const;

export const SCENARIO_PLANS: Readonly<Record<ScenarioName, ScenarioPlan>> = {
  'alias-switch': { disrupt: { call: 'UpdateAlias', to: 'standby' }, impact: [KEY_AT_RISK, PROBES_DURING], recovery: [] },
  're-key': { disrupt: { call: 'UpdateLedger', to: 'rotate' }, impact: [{ kind: 'ledger', status: 'ENABLED', on: 'rotate' }, statusChangedTo('UPDATING'), statusChangedTo('ENABLED'), PROBES_DURING], recovery: [] },
  'disable-key': {
    disrupt: { call: 'DisableKey' },
    impact: [KEY_AT_RISK, { kind: 'ledger', status: 'KMS_KEY_INACCESSIBLE' }, { kind: 'probe-failed' }],
    restore: { call: 'EnableKey' },
    recovery: [{ kind: 'ledger', status: 'ENABLED', on: 'baseline' }, { kind: 'probe-succeeded-after-restore' }],
  },
  'no-access-key': {
    disrupt: { call: 'UpdateLedger', to: 'noAccess' },
    impact: [{ kind: 'ledger', status: 'ENABLED', on: 'noAccess' }, { kind: 'probe-failed', session: 'pooled' }, { kind: 'probe-failed', session: 'fresh' }],
    restore: { call: 'UpdateLedgerBack' },
    recovery: [{ kind: 'ledger', status: 'ENABLED', on: 'baseline' }, { kind: 'probe-succeeded-after-restore' }],
  },
  'scheduled-deletion': {
    disrupt: { call: 'ScheduleKeyDeletion', pendingWindowInDays: 7 },
    impact: [KEY_AT_RISK, { kind: 'ledger', status: 'KMS_KEY_INACCESSIBLE' }],
    restore: { call: 'CancelKeyDeletionAndEnable' },
    recovery: [{ kind: 'ledger', status: 'ENABLED', on: 'baseline' }],
  },
  'on-demand-rotation': {
    disrupt: { call: 'RotateKeyOnDemand' },
    impact: [{ kind: 'event', detailType: 'KMS CMK Rotation' }, { kind: 'rotation-listed' }, { kind: 'old-documents-read-back' }, PROBES_DURING],
    recovery: [],
  },
  'grant-revocation': {
    disrupt: { call: 'RevokeGrant' },
    impact: [KEY_AT_RISK, { kind: 'ledger', status: 'KMS_KEY_INACCESSIBLE' }],
    restore: { call: 'RenewGrant' },
    recovery: [{ kind: 'ledger', status: 'ENABLED', on: 'baseline' }],
  },
};

/** KMS actions each scenario's calls need on the ledger's key and its target key (the dry run checks them against the key policies). */
export function actionsNeeded(plan: ScenarioPlan): { onLedgerKey: string[]; onTargetKey: string[] } {
  const onLedgerKey = ['kms:DescribeKey', 'kms:GetKeyPolicy'];
  const onTargetKey: string[] = [];
  const d = plan.disrupt;
  if (d.call === 'UpdateAlias') onLedgerKey.push('kms:UpdateAlias'), onTargetKey.push('kms:UpdateAlias');
  if (d.call === 'UpdateLedger') onTargetKey.push('kms:DescribeKey', 'kms:CreateGrant');
  if (d.call === 'DisableKey') onLedgerKey.push('kms:DisableKey', 'kms:EnableKey');
  if (d.call === 'ScheduleKeyDeletion') onLedgerKey.push('kms:ScheduleKeyDeletion', 'kms:CancelKeyDeletion', 'kms:EnableKey');
  if (d.call === 'RotateKeyOnDemand') onLedgerKey.push('kms:RotateKeyOnDemand', 'kms:ListKeyRotations');
  if (d.call === 'RevokeGrant') onLedgerKey.push('kms:ListGrants', 'kms:RevokeGrant', 'kms:CreateGrant');
  return { onLedgerKey, onTargetKey };
}
