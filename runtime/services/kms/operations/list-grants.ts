import type { ListGrantsRequest, ListGrantsResponse } from '@aws-sdk/client-kms';
import { page } from '../../../core/paging';
import { kmsErrors } from '../errors';
import { grantId, keyIdType, limit, marker, principalId } from '../inputs';
import { operation } from '../kms';
import { truncation } from '../views';

export const listGrants = operation<ListGrantsRequest, ListGrantsResponse>({
  name: 'ListGrants',
  input: { KeyId: keyIdType(), Limit: limit(100), Marker: marker, GrantId: grantId, GranteePrincipal: principalId },
  run(kms, input, ctx) {
    const key = kms.use(ctx, input.KeyId, { action: 'kms:ListGrants', rule: 'any' });
    const grants = key.grants.filter(
      (g) => (!input.GrantId || g.grantId === input.GrantId) && (!input.GranteePrincipal || g.granteePrincipal === input.GranteePrincipal),
    );
    const p = page(grants, input.Marker, input.Limit ?? 50, kmsErrors.invalidMarker);
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
      ...truncation(p.next),
    };
  },
});
