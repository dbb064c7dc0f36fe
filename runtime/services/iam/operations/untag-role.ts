import type { UntagRoleRequest } from '@aws-sdk/client-iam';
import { roleName, tagKeys } from '../inputs';
import { iamOperation } from '../operation';

/** Keys the role does not have are ignored, as in IAM. */
export const untagRole = iamOperation<UntagRoleRequest, object>({
  name: 'UntagRole',
  input: { RoleName: roleName, TagKeys: tagKeys },
  run(iam, input, ctx) {
    const role = iam.modifiableRoleFor(ctx, 'iam:UntagRole', input.RoleName!);
    iam.identity.untagRole(role.name, input.TagKeys!);
    return {};
  },
});
