import type { UpdateAssumeRolePolicyRequest } from '@aws-sdk/client-iam';
import { operation } from '../iam';
import { policyDocument, roleName } from '../inputs';

/** The new trust policy decides the next AssumeRole; sessions already issued keep their credentials. */
export const updateAssumeRolePolicy = operation<UpdateAssumeRolePolicyRequest, object>({
  name: 'UpdateAssumeRolePolicy',
  input: { RoleName: roleName, PolicyDocument: policyDocument },
  run(iam, input, ctx) {
    const role = iam.modifiableRoleFor(ctx, 'iam:UpdateAssumeRolePolicy', input.RoleName);
    iam.identity.setTrustPolicy(role.name, iam.trustPolicy(input.PolicyDocument));
    return {};
  },
});
