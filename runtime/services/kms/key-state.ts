import { kmsErrors } from './errors';
import type { KmsKey } from './model';

/**
 * Which key states an operation accepts: the KMS key-state matrix
 * (https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html, docs/kms.md#key-states).
 *
 * - `use`: cryptographic operations and CreateGrant: Enabled only.
 * - `manage`: EnableKey, DisableKey, ScheduleKeyDeletion, CreateAlias, tagging: anything but PendingDeletion.
 * - `rotate`: rotation settings and on-demand rotation: Enabled only, with `use`'s messages.
 * - `cancel-deletion`: PendingDeletion only.
 * - `any`: DescribeKey, policies, grants listing/revocation, DeleteAlias, ListAliases.
 */
export type StateRule = 'use' | 'manage' | 'rotate' | 'cancel-deletion' | 'any';

export function assertKeyState(key: KmsKey, rule: StateRule): void {
  if (rule === 'any') return;
  if (rule === 'cancel-deletion') {
    if (key.state !== 'PendingDeletion') throw kmsErrors.invalidState(`${key.arn} is not pending deletion.`);
    return;
  }
  // AWS-recorded responses use KMSInvalidStateException for pending deletion on every path.
  if (key.state === 'PendingDeletion') throw kmsErrors.invalidState(`${key.arn} is pending deletion.`);
  if (key.state === 'PendingImport' && rule !== 'manage') throw kmsErrors.invalidState(`${key.arn} is pending import.`);
  if (key.state === 'Disabled' && rule !== 'manage') throw kmsErrors.disabled(`${key.arn} is disabled.`);
}
