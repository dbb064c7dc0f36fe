import type { ListAliasesRequest, ListAliasesResponse } from '@aws-sdk/client-kms';
import { page } from '../../../core/paging';
import { kmsErrors } from '../errors';
import { keyIdType, limit, marker } from '../inputs';
import { aliasArn, resolveKey } from '../key-resolution';
import { operation } from '../kms';
import { truncation } from '../views';

export const listAliases = operation<ListAliasesRequest, ListAliasesResponse>({
  name: 'ListAliases',
  input: { KeyId: keyIdType(false), Limit: limit(100), Marker: marker },
  run(kms, input, ctx) {
    kms.authorizeAccount(ctx, 'kms:ListAliases');
    const keyId = input.KeyId === undefined ? undefined : resolveKey(kms.store, kms.scope, input.KeyId, false).keyId;
    const aliases = keyId ? kms.store.aliasesOf(keyId) : kms.store.aliases();
    const p = page(aliases, input.Marker, input.Limit ?? 50, kmsErrors.invalidMarker);
    return {
      Aliases: p.items.map((a) => ({
        AliasName: a.name,
        AliasArn: aliasArn(kms.scope, a.name),
        TargetKeyId: a.targetKeyId,
        CreationDate: new Date(a.createdAt),
        LastUpdatedDate: new Date(a.updatedAt),
      })),
      ...truncation(p.next),
    };
  },
});
