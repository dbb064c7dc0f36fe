import type { DisableKeyRequest } from '@aws-sdk/client-kms';
import { keyIdType } from '../inputs';
import { operation } from '../kms';

export const disableKey = operation<DisableKeyRequest, Record<string, never>>({
  name: 'DisableKey',
  input: { KeyId: keyIdType() },
  run(kms, input, ctx) {
    const key = kms.use(ctx, input.KeyId, { action: 'kms:DisableKey', rule: 'manage' });
    key.state = 'Disabled';
    kms.store.commit();
    kms.recordApiCall(ctx, 'DisableKey', key, { keyId: input.KeyId });
    return {};
  },
});
