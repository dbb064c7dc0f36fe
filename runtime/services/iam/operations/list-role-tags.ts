import type { ListRoleTagsRequest, ListRoleTagsResponse } from '@aws-sdk/client-iam';
import { paging, roleName } from '../inputs';
import { iamOperation } from '../operation';
import { byName, page } from '../paging';
import { tagList } from '../tags';

export const listRoleTags = iamOperation<ListRoleTagsRequest, ListRoleTagsResponse>({
  name: 'ListRoleTags',
  input: { RoleName: roleName, ...paging },
  run(iam, input, ctx) {
    const role = iam.roleFor(ctx, 'iam:ListRoleTags', input.RoleName!);
    const { items, ...more } = page(tagList(role.tags).sort(byName((t) => t.Key!)), input.Marker, input.MaxItems);
    return { Tags: items, ...more };
  },
});
