import type { DeleteRoleRequest } from '@aws-sdk/client-iam';
import { iamErrors } from '../errors';
import { operation } from '../iam';
import { roleName } from '../inputs';

/** A role goes only once its policies are gone; the credentials of its sessions go with it. */
export const deleteRole = operation<DeleteRoleRequest, object>({
  name: 'DeleteRole',
  input: { RoleName: roleName },
  run(iam, input, ctx) {
    const role = iam.modifiableRoleFor(ctx, 'iam:DeleteRole', input.RoleName);
    if (role.managedPolicyArns.length) throw iamErrors.roleHasAttachedPolicies();
    if (Object.keys(role.policies).length) throw iamErrors.roleHasInlinePolicies();
    iam.identity.deleteRole(role.name);
    return {};
  },
});
