import type { ListResourceTagsRequest, ListResourceTagsResponse } from '@aws-sdk/client-kms';
import { kmsOperation } from '../operation';
import { page } from '../paging';
import { keyIdType, limit, marker } from '../shapes';

export const listResourceTags = kmsOperation<ListResourceTagsRequest, ListResourceTagsResponse>({
  name: 'ListResourceTags',
  input: { KeyId: keyIdType(), Limit: limit(50), Marker: marker },
  run(kms, input, ctx) {
    const key = kms.use(ctx, input.KeyId!, { action: 'kms:ListResourceTags', rule: 'any' });
    const p = page(key.tags, input.Limit, input.Marker, 50);
    return { Tags: p.items, Truncated: p.truncated, ...(p.nextMarker ? { NextMarker: p.nextMarker } : {}) };
  },
});
