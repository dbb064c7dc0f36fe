import type { TagResourceRequest } from '@aws-sdk/client-kms';
import type { KmsKey } from '../model';
import { kmsOperation } from '../operation';
import { keyIdType, tags } from '../shapes';
import { checkTags } from '../tags';

export const tagResource = kmsOperation<TagResourceRequest, Record<string, never>>({
  name: 'TagResource',
  input: { KeyId: keyIdType(), Tags: { ...tags, required: true } },
  run(kms, input, ctx) {
    const key = kms.use(ctx, input.KeyId!, { action: 'kms:TagResource', rule: 'manage' });
    key.tags = checkTags(key.tags, input.Tags!) as KmsKey['tags'];
    kms.store.commit();
    return {};
  },
});
