import type { RotateKeyOnDemandRequest, RotateKeyOnDemandResponse } from '@aws-sdk/client-kms';
import { kmsErrors } from '../errors';
import { keyIdType } from '../inputs';
import { assertRotatable } from '../key-rules';
import { operation } from '../kms';

export const rotateKeyOnDemand = operation<RotateKeyOnDemandRequest, RotateKeyOnDemandResponse>({
  name: 'RotateKeyOnDemand',
  input: { KeyId: keyIdType() },
  run(kms, input, ctx) {
    const key = kms.use(ctx, input.KeyId, { action: 'kms:RotateKeyOnDemand', rule: 'rotate' });
    assertRotatable(key);
    if (key.rotation.onDemandCount >= kms.config.onDemandRotationLimit) {
      throw kmsErrors.limitExceeded(
        `The on-demand rotations limit has been reached for the given keyId. No more on-demand rotations can be performed for this key: ${key.arn}`,
      );
    }
    kms.rotate(key, 'ON_DEMAND');
    key.rotation.onDemandCount += 1;
    kms.store.commit();
    kms.recordApiCall(ctx, 'RotateKeyOnDemand', key, { keyId: input.KeyId });
    return { KeyId: key.arn };
  },
});
