import type { GetKeyRotationStatusRequest, GetKeyRotationStatusResponse } from '@aws-sdk/client-kms';
import { keyIdType } from '../inputs';
import { assertRotatable } from '../key-rules';
import { operation } from '../kms';

export const getKeyRotationStatus = operation<GetKeyRotationStatusRequest, GetKeyRotationStatusResponse>({
  name: 'GetKeyRotationStatus',
  input: { KeyId: keyIdType() },
  run(kms, input, ctx) {
    const key = kms.use(ctx, input.KeyId, { action: 'kms:GetKeyRotationStatus', rule: 'any' });
    assertRotatable(key);
    // While a key is pending deletion KMS reports rotation off; the setting returns on cancellation.
    const enabled = key.rotation.enabled && key.state !== 'PendingDeletion';
    if (!enabled) return { KeyId: key.arn, KeyRotationEnabled: false };
    return {
      KeyId: key.arn,
      KeyRotationEnabled: true,
      RotationPeriodInDays: key.rotation.periodInDays,
      NextRotationDate: new Date(key.rotation.nextRotationDate!),
    };
  },
});
