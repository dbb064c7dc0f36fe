import type { DetachRolePolicyRequest } from '@aws-sdk/client-iam';
import { iamErrors } from '../errors';
import { operation } from '../iam';
import { policyArn, roleName } from '../inputs';

export const detachRolePolicy = operation<DetachRolePolicyRequest, object>({
  name: 'DetachRolePolicy',
  input: { RoleName: roleName, PolicyArn: policyArn },
  run(iam, input, ctx) {
    const role = iam.modifiableRoleFor(ctx, 'iam:DetachRolePolicy', input.RoleName);
    if (!role.managedPolicyArns.includes(input.PolicyArn)) throw iamErrors.noSuchPolicy(input.PolicyArn);
    iam.identity.detachRolePolicy(role.name, input.PolicyArn);
    return {};
  },
});
