import type { Expectation } from './expectations';
import { KEY_AT_RISK, STATUS_CHANGED } from './measurements';

export const SCENARIO_NAMES = ['alias-switch', 're-key', 'disable-key', 'no-access-key', 'scheduled-deletion', 'on-demand-rotation', 'grant-revocation'] as const;
export type ScenarioName = (typeof SCENARIO_NAMES)[number];

export interface Scenario {
  name: ScenarioName;
  /** What the disruption branch does to the ledger's key. */
  disruption: string;
  /** How the disruption branch puts it back (rollback then restores the whole baseline, whatever happened). */
  restore: string;
  /** Runs only on the stack's drill keys: a mistake would be destructive. */
  guarded: boolean;
  expectations: Expectation[];
}

const APP_KEY_DENIED = 'does not have permissions to use the customer managed KMS key of the ledger';
/** The grant message QLDB answers once its cached data key lapses (the public qldb-kms-demo's disable-key scenario). */
const NO_GRANT_ACCESS = 'does not have grant access';

const keyAtRisk: Expectation = { id: 'key-at-risk-alert', description: `a "${KEY_AT_RISK}" alert`, kind: 'event-received', detailType: KEY_AT_RISK };
const inaccessibleThenEnabled: Expectation = {
  id: 'inaccessible-then-enabled',
  description: 'the ledger becomes KMS_KEY_INACCESSIBLE, then ENABLED again after the restore',
  kind: 'status-sequence',
  statuses: ['KMS_KEY_INACCESSIBLE', 'ENABLED'],
};
const appNeverFails: Expectation = { id: 'no-failed-probes', description: '0 failed probe operations', kind: 'no-failed-probes', role: 'application' };

/**
 * The seven drills: what each does to the ledger's KMS key and what must hold. The README's
 * Drills table is checked against this catalogue by test/unit/drill-scenarios.test.ts.
 */
export const SCENARIOS: readonly Scenario[] = [
  {
    name: 'alias-switch',
    disruption: "UpdateAlias: the ledger key's alias to the standby key",
    restore: 'rollback points the alias back to the ledger key',
    guarded: false,
    expectations: [
      { id: 'ledger-key-unchanged', description: "the ledger's KmsKeyArn does not change", kind: 'ledger-key-unchanged' },
      appNeverFails,
      { id: 'one-key-at-risk-alert', description: `exactly one "${KEY_AT_RISK}" alert`, kind: 'event-count', detailType: KEY_AT_RISK, count: 1 },
      { id: 'no-status-change-alert', description: 'no status-change alert', kind: 'event-count', detailType: STATUS_CHANGED, count: 0 },
    ],
  },
  {
    name: 're-key',
    disruption: 'UpdateLedger to the rotate key',
    restore: 'rollback re-keys the ledger to its original key',
    guarded: false,
    expectations: [
      { id: 'updating-then-enabled', description: 'UPDATING, then ENABLED', kind: 'status-sequence', statuses: ['UPDATING', 'ENABLED'] },
      { id: 'enabled-on-new-key', description: 'ENABLED with the rotate key as KmsKeyArn', kind: 'ledger-key-becomes-target' },
      { id: 'updating-alert', description: 'a status-change alert to UPDATING', kind: 'event-received', detailType: STATUS_CHANGED, detail: { status: 'UPDATING' } },
      { id: 'enabled-alert', description: 'a status-change alert to ENABLED', kind: 'event-received', detailType: STATUS_CHANGED, detail: { status: 'ENABLED' } },
      appNeverFails,
      { id: 'updating-duration-measured', description: 'the UPDATING duration is measured', kind: 'measured', measurement: 'updatingDurationMs' },
    ],
  },
  {
    name: 'disable-key',
    disruption: "DisableKey on the ledger's key",
    restore: 'EnableKey',
    guarded: false,
    expectations: [
      keyAtRisk,
      inaccessibleThenEnabled,
      {
        id: 'probes-fail-with-grant-message',
        description: "probe operations fail with QLDB's grant message once the cached data key lapses",
        kind: 'probe-fails-with',
        role: 'application',
        errorName: 'BadRequestException',
        messageIncludes: NO_GRANT_ACCESS,
      },
      { id: 'time-to-impact-measured', description: 'the time until probes fail is measured', kind: 'measured', measurement: 'timeToImpactMs' },
      { id: 'recovers', description: 'time to recover (EnableKey → first successful probe operation) is measured', kind: 'measured', measurement: 'timeToRecoverMs' },
    ],
  },
  {
    name: 'no-access-key',
    disruption: 'UpdateLedger to the no-access key (QLDB may use it, the application may not)',
    restore: 'UpdateLedger back to the ledger key',
    guarded: false,
    expectations: [
      {
        id: 'application-denied',
        description: 'the application role gets AccessDeniedException ("…does not have permissions to use the customer managed KMS key of the ledger…")',
        kind: 'probe-fails-with',
        role: 'application',
        errorName: 'AccessDeniedException',
        messageIncludes: APP_KEY_DENIED,
      },
      {
        id: 'application-denied-on-open-sessions',
        description: 'the application role is refused on sessions it already had open too',
        kind: 'probe-fails-with',
        role: 'application',
        errorName: 'AccessDeniedException',
        messageIncludes: APP_KEY_DENIED,
        session: 'pooled',
      },
      { id: 'administrator-succeeds', description: 'an administrator probe keeps succeeding', kind: 'no-failed-probes', role: 'administrator' },
    ],
  },
  {
    name: 'scheduled-deletion',
    disruption: "ScheduleKeyDeletion on the ledger's key, 7-day window (only on the stack's drill keys)",
    restore: 'CancelKeyDeletion, then EnableKey (cancelling leaves the key Disabled)',
    guarded: true,
    expectations: [
      { ...keyAtRisk, description: `a "${KEY_AT_RISK}" alert with the deletion date`, detailHas: ['pendingDeletionDate'] },
      inaccessibleThenEnabled,
      { id: 'deletion-never-completes', description: 'the deletion never completes', kind: 'fact', fact: 'keyNeverDeleted' },
    ],
  },
  {
    name: 'on-demand-rotation',
    disruption: "RotateKeyOnDemand on the ledger's key",
    restore: 'nothing to undo: older key material stays usable',
    guarded: false,
    expectations: [
      { id: 'rotation-event', description: 'the "KMS CMK Rotation" event (rotation type ON_DEMAND) arrives', kind: 'event-received', detailType: 'KMS CMK Rotation', detail: { 'rotation-type': 'ON_DEMAND' } },
      { id: 'rotation-listed', description: 'ListKeyRotations shows the rotation', kind: 'fact', fact: 'rotationListed' },
      { id: 'stays-enabled', description: 'the ledger stays ENABLED', kind: 'status-always', status: 'ENABLED' },
      appNeverFails,
      { id: 'old-documents-read-back', description: 'documents written before the rotation read back', kind: 'fact', fact: 'oldDocumentsReadBack' },
    ],
  },
  {
    name: 'grant-revocation',
    disruption: "RevokeGrant of QLDB's grant on the ledger's key",
    restore: "UpdateLedger with the same key, which renews QLDB's grant",
    guarded: false,
    expectations: [keyAtRisk, inaccessibleThenEnabled],
  },
];

export function scenarioNamed(name: ScenarioName): Scenario {
  return SCENARIOS.find((s) => s.name === name)!;
}
