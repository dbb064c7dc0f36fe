import type { ListRolesRequest, ListRolesResponse } from '@aws-sdk/client-iam';
import { pathPrefix, paging } from '../inputs';
import { iamOperation } from '../operation';
import { byName, page } from '../paging';
import { listedRoleView } from '../views';

/** Every role, the deployed stack's included; ListRoles has no resource type, so policies allow it on `*`. */
export const listRoles = iamOperation<ListRolesRequest, ListRolesResponse>({
  name: 'ListRoles',
  input: { PathPrefix: pathPrefix, ...paging },
  run(iam, input, ctx) {
    iam.authorize(ctx, 'iam:ListRoles', '*');
    const roles = iam.identity
      .listRoles()
      .filter((r) => r.path.startsWith(input.PathPrefix ?? '/'))
      .sort(byName((r) => r.name));
    const { items, ...more } = page(roles, input.Marker, input.MaxItems);
    return { Roles: items.map(listedRoleView), ...more };
  },
});
