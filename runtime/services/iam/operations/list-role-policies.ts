import type { ListRolePoliciesRequest, ListRolePoliciesResponse } from '@aws-sdk/client-iam';
import { paging, roleName } from '../inputs';
import { iamOperation } from '../operation';
import { page } from '../paging';

export const listRolePolicies = iamOperation<ListRolePoliciesRequest, ListRolePoliciesResponse>({
  name: 'ListRolePolicies',
  input: { RoleName: roleName, ...paging },
  run(iam, input, ctx) {
    const role = iam.roleFor(ctx, 'iam:ListRolePolicies', input.RoleName!);
    const names = Object.keys(role.policies).sort();
    const { items, ...more } = page(names, input.Marker, input.MaxItems);
    return { PolicyNames: items, ...more };
  },
});
