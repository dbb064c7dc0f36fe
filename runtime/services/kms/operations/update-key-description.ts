import type { UpdateKeyDescriptionRequest } from '@aws-sdk/client-kms';
import { keyIdType } from '../inputs';
import { operation } from '../kms';

export const updateKeyDescription = operation<UpdateKeyDescriptionRequest, Record<string, never>>({
  name: 'UpdateKeyDescription',
  input: { KeyId: keyIdType(), Description: { type: 'string', required: true, min: 0, max: 8192 } },
  run(kms, input, ctx) {
    const key = kms.use(ctx, input.KeyId, { action: 'kms:UpdateKeyDescription', rule: 'manage' });
    key.description = input.Description;
    kms.store.commit();
    return {};
  },
});
