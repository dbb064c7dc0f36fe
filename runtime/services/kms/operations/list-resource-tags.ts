import type { ListResourceTagsRequest, ListResourceTagsResponse } from '@aws-sdk/client-kms';
import { page } from '../../../core/paging';
import { kmsErrors } from '../errors';
import { keyIdType, limit, marker } from '../inputs';
import { operation } from '../kms';
import { truncation } from '../views';

export const listResourceTags = operation<ListResourceTagsRequest, ListResourceTagsResponse>({
  name: 'ListResourceTags',
  input: { KeyId: keyIdType(), Limit: limit(50), Marker: marker },
  run(kms, input, ctx) {
    const key = kms.use(ctx, input.KeyId, { action: 'kms:ListResourceTags', rule: 'any' });
    const p = page(key.tags, input.Marker, input.Limit ?? 50, kmsErrors.invalidMarker);
    return { Tags: p.items, ...truncation(p.next) };
  },
});
