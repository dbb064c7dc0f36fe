import type { DetachRolePolicyRequest } from '@aws-sdk/client-iam';
import { iamErrors } from '../errors';
import { policyArn, roleName } from '../inputs';
import { iamOperation } from '../operation';

export const detachRolePolicy = iamOperation<DetachRolePolicyRequest, object>({
  name: 'DetachRolePolicy',
  input: { RoleName: roleName, PolicyArn: policyArn },
  run(iam, input, ctx) {
    const role = iam.modifiableRoleFor(ctx, 'iam:DetachRolePolicy', input.RoleName!);
    if (!role.managedPolicyArns.includes(input.PolicyArn!)) throw iamErrors.noSuchPolicy(input.PolicyArn!);
    iam.identity.detachRolePolicy(role.name, input.PolicyArn!);
    return {};
  },
});
