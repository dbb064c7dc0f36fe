import type { ListResourceTagsRequest, ListResourceTagsResponse } from '@aws-sdk/client-kms';
import { keyIdType, limit, marker } from '../inputs';
import { operation } from '../kms';
import { page } from '../paging';

export const listResourceTags = operation<ListResourceTagsRequest, ListResourceTagsResponse>({
  name: 'ListResourceTags',
  input: { KeyId: keyIdType(), Limit: limit(50), Marker: marker },
  run(kms, input, ctx) {
    const key = kms.use(ctx, input.KeyId, { action: 'kms:ListResourceTags', rule: 'any' });
    const p = page(key.tags, input.Limit, input.Marker, 50);
    return { Tags: p.items, Truncated: p.truncated, ...(p.nextMarker ? { NextMarker: p.nextMarker } : {}) };
  },
});
