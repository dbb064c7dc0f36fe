import type { TagRoleRequest } from '@aws-sdk/client-iam';
import { operation } from '../iam';
import { requiredTags, roleName } from '../inputs';
import { tagMap } from '../tags';

export const tagRole = operation<TagRoleRequest, object>({
  name: 'TagRole',
  input: { RoleName: roleName, Tags: requiredTags },
  run(iam, input, ctx) {
    const role = iam.modifiableRoleFor(ctx, 'iam:TagRole', input.RoleName);
    iam.identity.tagRole(role.name, tagMap(input.Tags));
    return {};
  },
});
