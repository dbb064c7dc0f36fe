import type { UntagRoleRequest } from '@aws-sdk/client-iam';
import { operation } from '../iam';
import { roleName, tagKeys } from '../inputs';

/** Keys the role does not have are ignored, as in IAM. */
export const untagRole = operation<UntagRoleRequest, object>({
  name: 'UntagRole',
  input: { RoleName: roleName, TagKeys: tagKeys },
  run(iam, input, ctx) {
    const role = iam.modifiableRoleFor(ctx, 'iam:UntagRole', input.RoleName);
    iam.identity.untagRole(role.name, input.TagKeys);
    return {};
  },
});
