import type { ListKeysRequest, ListKeysResponse } from '@aws-sdk/client-kms';
import { page } from '../../../core/paging';
import { kmsErrors } from '../errors';
import { limit, marker } from '../inputs';
import { operation } from '../kms';
import { truncation } from '../views';

export const listKeys = operation<ListKeysRequest, ListKeysResponse>({
  name: 'ListKeys',
  input: { Limit: limit(1000), Marker: marker },
  run(kms, input, ctx) {
    kms.authorizeAccount(ctx, 'kms:ListKeys');
    const keys = kms.store.keys().sort((a, b) => (a.keyId < b.keyId ? -1 : 1));
    const p = page(keys, input.Marker, input.Limit ?? 1000, kmsErrors.invalidMarker);
    return { Keys: p.items.map((k) => ({ KeyId: k.keyId, KeyArn: k.arn })), ...truncation(p.next) };
  },
});
