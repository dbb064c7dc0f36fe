import type { ScheduleKeyDeletionRequest, ScheduleKeyDeletionResponse } from '@aws-sdk/client-kms';
import { DAY_MS } from '../../../core/clock';
import { kmsErrors } from '../errors';
import { keyIdType } from '../inputs';
import { operation } from '../kms';

/** KMS accepts 7–30 days although the model allows 1–365; the default is 30. */
const MIN_PENDING_WINDOW_DAYS = 7;
const MAX_PENDING_WINDOW_DAYS = 30;

export const scheduleKeyDeletion = operation<ScheduleKeyDeletionRequest, ScheduleKeyDeletionResponse>({
  name: 'ScheduleKeyDeletion',
  input: { KeyId: keyIdType(), PendingWindowInDays: { type: 'integer', min: 1, max: 365 } },
  run(kms, input, ctx) {
    const days = input.PendingWindowInDays ?? MAX_PENDING_WINDOW_DAYS;
    const key = kms.use(ctx, input.KeyId, {
      action: 'kms:ScheduleKeyDeletion',
      rule: 'manage',
      facts: { pendingWindowInDays: days },
    });
    if (days < MIN_PENDING_WINDOW_DAYS || days > MAX_PENDING_WINDOW_DAYS) {
      throw kmsErrors.validation(`PendingWindowInDays should be between ${MIN_PENDING_WINDOW_DAYS} and ${MAX_PENDING_WINDOW_DAYS}, but it is ${days}`);
    }
    const deletionDate = new Date(kms.now().getTime() + days * DAY_MS);
    key.state = 'PendingDeletion';
    key.deletionDate = deletionDate.toISOString();
    key.pendingWindowInDays = days;
    kms.store.commit();
    kms.armDueChange(key.keyId, key.deletionDate);
    kms.recordApiCall(ctx, 'ScheduleKeyDeletion', key, { keyId: input.KeyId, pendingWindowInDays: days });
    return { KeyId: key.arn, DeletionDate: deletionDate, KeyState: 'PendingDeletion', PendingWindowInDays: days };
  },
});
