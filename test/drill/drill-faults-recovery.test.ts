import { faultMatrixTests, tierPoints } from './drill-faults.tier';

/**
 * Fault matrix (tier subset): the scenarios that take the key away and give it back, with the restoring calls
 * themselves failing once (the drill's EnableKey after DisableKey, its CancelKeyDeletion after ScheduleKeyDeletion):
 * the rollback must still put the key back.
 */
faultMatrixTests(
  'drill-faults-recovery',
  tierPoints(['disable-key', 'scheduled-deletion', 'on-demand-rotation', 'grant-revocation'], [
    { scenario: 'disable-key', caller: 'drillStep', call: 0, only: { service: 'kms', operation: 'EnableKey' } },
    { scenario: 'scheduled-deletion', caller: 'drillStep', call: 0, only: { service: 'kms', operation: 'CancelKeyDeletion' } },
  ]),
);
