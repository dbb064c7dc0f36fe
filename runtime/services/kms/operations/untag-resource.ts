import type { UntagResourceRequest } from '@aws-sdk/client-kms';
import { keyIdType } from '../inputs';
import { operation } from '../kms';

export const untagResource = operation<UntagResourceRequest, Record<string, never>>({
  name: 'UntagResource',
  input: { KeyId: keyIdType(), TagKeys: { type: 'list', required: true, member: { type: 'string', min: 1, max: 128 } } },
  run(kms, input, ctx) {
    const key = kms.use(ctx, input.KeyId, { action: 'kms:UntagResource', rule: 'manage' });
    key.tags = key.tags.filter((t) => !input.TagKeys.includes(t.TagKey));
    kms.store.commit();
    return {};
  },
});
