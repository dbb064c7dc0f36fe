import type { TagResourceRequest } from '@aws-sdk/client-kms';
import { keyIdType, tags } from '../inputs';
import { checkTags } from '../key-rules';
import { operation } from '../kms';
import type { KmsKey } from '../model';

export const tagResource = operation<TagResourceRequest, Record<string, never>>({
  name: 'TagResource',
  input: { KeyId: keyIdType(), Tags: { ...tags, required: true } },
  run(kms, input, ctx) {
    const key = kms.use(ctx, input.KeyId, { action: 'kms:TagResource', rule: 'manage' });
    key.tags = checkTags(key.tags, input.Tags) as KmsKey['tags'];
    kms.store.commit();
    return {};
  },
});
