import type { ListRoleTagsRequest, ListRoleTagsResponse } from '@aws-sdk/client-iam';
import { byName, listPage, operation } from '../iam';
import { paging, roleName } from '../inputs';
import { tagList } from '../tags';

export const listRoleTags = operation<ListRoleTagsRequest, ListRoleTagsResponse>({
  name: 'ListRoleTags',
  input: { RoleName: roleName, ...paging },
  run(iam, input, ctx) {
    const role = iam.roleFor(ctx, 'iam:ListRoleTags', input.RoleName);
    const { items, ...more } = listPage(tagList(role.tags).sort(byName((t) => t.Key)), input);
    return { Tags: items, ...more };
  },
});
