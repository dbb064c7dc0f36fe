import type { DisableKeyRotationRequest } from '@aws-sdk/client-kms';
import { kmsOperation } from '../operation';
import { assertRotatable } from '../rotation';
import { keyIdType } from '../shapes';

export const disableKeyRotation = kmsOperation<DisableKeyRotationRequest, Record<string, never>>({
  name: 'DisableKeyRotation',
  input: { KeyId: keyIdType() },
  run(kms, input, ctx) {
    const key = kms.use(ctx, input.KeyId!, { action: 'kms:DisableKeyRotation', rule: 'rotate' });
    assertRotatable(key);
    key.rotation = { enabled: false, onDemandCount: key.rotation.onDemandCount };
    kms.store.commit();
    kms.recordApiCall(ctx, 'DisableKeyRotation', key, { keyId: input.KeyId });
    return {};
  },
});
