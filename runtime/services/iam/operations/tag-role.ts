import type { TagRoleRequest } from '@aws-sdk/client-iam';
import { requiredTags, roleName } from '../inputs';
import { iamOperation } from '../operation';
import { tagMap } from '../tags';

export const tagRole = iamOperation<TagRoleRequest, object>({
  name: 'TagRole',
  input: { RoleName: roleName, Tags: requiredTags },
  run(iam, input, ctx) {
    const role = iam.modifiableRoleFor(ctx, 'iam:TagRole', input.RoleName!);
    iam.identity.tagRole(role.name, tagMap(input.Tags)!);
    return {};
  },
});
