import type { DeleteRolePolicyRequest } from '@aws-sdk/client-iam';
import { iamErrors } from '../errors';
import { operation } from '../iam';
import { policyName, roleName } from '../inputs';

export const deleteRolePolicy = operation<DeleteRolePolicyRequest, object>({
  name: 'DeleteRolePolicy',
  input: { RoleName: roleName, PolicyName: policyName },
  run(iam, input, ctx) {
    const role = iam.modifiableRoleFor(ctx, 'iam:DeleteRolePolicy', input.RoleName);
    if (!role.policies[input.PolicyName]) throw iamErrors.noSuchRolePolicy(input.PolicyName);
    iam.identity.deleteRolePolicy(role.name, input.PolicyName);
    return {};
  },
});
