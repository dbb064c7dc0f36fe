import type { EnableKeyRequest } from '@aws-sdk/client-kms';
import { keyIdType } from '../inputs';
import { operation } from '../kms';

export const enableKey = operation<EnableKeyRequest, Record<string, never>>({
  name: 'EnableKey',
  input: { KeyId: keyIdType() },
  run(kms, input, ctx) {
    const key = kms.use(ctx, input.KeyId, { action: 'kms:EnableKey', rule: 'manage' });
    key.state = 'Enabled';
    kms.store.commit();
    kms.recordApiCall(ctx, 'EnableKey', key, { keyId: input.KeyId });
    // A rotation that fell due while the key was disabled happens now (KMS rotates on re-enable).
    kms.applyDueChanges();
    return {};
  },
});
