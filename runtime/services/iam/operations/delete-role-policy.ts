import type { DeleteRolePolicyRequest } from '@aws-sdk/client-iam';
import { iamErrors } from '../errors';
import { policyName, roleName } from '../inputs';
import { iamOperation } from '../operation';

export const deleteRolePolicy = iamOperation<DeleteRolePolicyRequest, object>({
  name: 'DeleteRolePolicy',
  input: { RoleName: roleName, PolicyName: policyName },
  run(iam, input, ctx) {
    const role = iam.modifiableRoleFor(ctx, 'iam:DeleteRolePolicy', input.RoleName!);
    if (!role.policies[input.PolicyName!]) throw iamErrors.noSuchRolePolicy(input.PolicyName!);
    iam.identity.deleteRolePolicy(role.name, input.PolicyName!);
    return {};
  },
});
