import type { ListRolesRequest, ListRolesResponse } from '@aws-sdk/client-iam';
import { byName, listPage, operation } from '../iam';
import { pathPrefix, paging } from '../inputs';
import { listedRoleView } from '../views';

/** Every role, the deployed stack's included; ListRoles has no resource type, so policies allow it on `*`. */
export const listRoles = operation<ListRolesRequest, ListRolesResponse>({
  name: 'ListRoles',
  input: { PathPrefix: pathPrefix, ...paging },
  run(iam, input, ctx) {
    iam.authorize(ctx, 'iam:ListRoles', '*');
    const roles = iam.identity
      .listRoles()
      .filter((r) => r.path.startsWith(input.PathPrefix ?? '/'))
      .sort(byName((r) => r.name));
    const { items, ...more } = listPage(roles, input);
    return { Roles: items.map(listedRoleView), ...more };
  },
});
