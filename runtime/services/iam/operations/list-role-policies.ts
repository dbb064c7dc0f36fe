import type { ListRolePoliciesRequest, ListRolePoliciesResponse } from '@aws-sdk/client-iam';
import { listPage, operation } from '../iam';
import { paging, roleName } from '../inputs';

export const listRolePolicies = operation<ListRolePoliciesRequest, ListRolePoliciesResponse>({
  name: 'ListRolePolicies',
  input: { RoleName: roleName, ...paging },
  run(iam, input, ctx) {
    const role = iam.roleFor(ctx, 'iam:ListRolePolicies', input.RoleName);
    const names = Object.keys(role.policies).sort();
    const { items, ...more } = listPage(names, input);
    return { PolicyNames: items, ...more };
  },
});
