import type { ListGrantsRequest, ListGrantsResponse } from '@aws-sdk/client-kms';
import { grantId, keyIdType, limit, marker, principalId } from '../inputs';
import { operation } from '../kms';
import { page } from '../paging';

export const listGrants = operation<ListGrantsRequest, ListGrantsResponse>({
  name: 'ListGrants',
  input: { KeyId: keyIdType(), Limit: limit(100), Marker: marker, GrantId: grantId, GranteePrincipal: principalId },
  run(kms, input, ctx) {
    const key = kms.use(ctx, input.KeyId, { action: 'kms:ListGrants', rule: 'any' });
    const grants = key.grants.filter(
      (g) => (!input.GrantId || g.grantId === input.GrantId) && (!input.GranteePrincipal || g.granteePrincipal === input.GranteePrincipal),
    );
    const p = page(grants, input.Limit, input.Marker, 50);
    return {
      Grants: p.items.map((g) => ({
        KeyId: key.arn,
        GrantId: g.grantId,
        ...(g.name ? { Name: g.name } : {}),
        CreationDate: new Date(g.createdAt),
        GranteePrincipal: g.granteePrincipal,
        ...(g.retiringPrincipal ? { RetiringPrincipal: g.retiringPrincipal } : {}),
        IssuingAccount: g.issuingAccount,
        Operations: g.operations,
        ...(g.constraints ? { Constraints: g.constraints } : {}),
      })),
      Truncated: p.truncated,
      ...(p.nextMarker ? { NextMarker: p.nextMarker } : {}),
    };
  },
});
