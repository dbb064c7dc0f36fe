import type { CancelKeyDeletionRequest, CancelKeyDeletionResponse } from '@aws-sdk/client-kms';
import { keyIdType } from '../inputs';
import { operation } from '../kms';

export const cancelKeyDeletion = operation<CancelKeyDeletionRequest, CancelKeyDeletionResponse>({
  name: 'CancelKeyDeletion',
  input: { KeyId: keyIdType() },
  run(kms, input, ctx) {
    const key = kms.use(ctx, input.KeyId, { action: 'kms:CancelKeyDeletion', rule: 'cancel-deletion' });
    // The key comes back Disabled, not Enabled: EnableKey must follow (AWS-validated).
    key.state = 'Disabled';
    delete key.deletionDate;
    delete key.pendingWindowInDays;
    kms.store.commit();
    kms.recordApiCall(ctx, 'CancelKeyDeletion', key, { keyId: input.KeyId });
    return { KeyId: key.arn };
  },
});
