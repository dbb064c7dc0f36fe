import type { DisableKeyRotationRequest } from '@aws-sdk/client-kms';
import { keyIdType } from '../inputs';
import { assertRotatable } from '../key-rules';
import { operation } from '../kms';

export const disableKeyRotation = operation<DisableKeyRotationRequest, Record<string, never>>({
  name: 'DisableKeyRotation',
  input: { KeyId: keyIdType() },
  run(kms, input, ctx) {
    const key = kms.use(ctx, input.KeyId, { action: 'kms:DisableKeyRotation', rule: 'rotate' });
    assertRotatable(key);
    key.rotation = { enabled: false, onDemandCount: key.rotation.onDemandCount };
    kms.store.commit();
    kms.recordApiCall(ctx, 'DisableKeyRotation', key, { keyId: input.KeyId });
    return {};
  },
});
