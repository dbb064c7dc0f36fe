import type { ListKeysRequest, ListKeysResponse } from '@aws-sdk/client-kms';
import { limit, marker } from '../inputs';
import { operation } from '../kms';
import { page } from '../paging';

export const listKeys = operation<ListKeysRequest, ListKeysResponse>({
  name: 'ListKeys',
  input: { Limit: limit(1000), Marker: marker },
  run(kms, input, ctx) {
    kms.authorizeAccount(ctx, 'kms:ListKeys');
    const keys = kms.store.keys().sort((a, b) => (a.keyId < b.keyId ? -1 : 1));
    const p = page(keys, input.Limit, input.Marker, 1000);
    return { Keys: p.items.map((k) => ({ KeyId: k.keyId, KeyArn: k.arn })), Truncated: p.truncated, ...(p.nextMarker ? { NextMarker: p.nextMarker } : {}) };
  },
});
