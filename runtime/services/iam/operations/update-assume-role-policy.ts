import type { UpdateAssumeRolePolicyRequest } from '@aws-sdk/client-iam';
import { policyDocument, roleName } from '../inputs';
import { iamOperation } from '../operation';

/** The new trust policy decides the next AssumeRole; sessions already issued keep their credentials. */
export const updateAssumeRolePolicy = iamOperation<UpdateAssumeRolePolicyRequest, object>({
  name: 'UpdateAssumeRolePolicy',
  input: { RoleName: roleName, PolicyDocument: policyDocument },
  run(iam, input, ctx) {
    const role = iam.modifiableRoleFor(ctx, 'iam:UpdateAssumeRolePolicy', input.RoleName!);
    iam.identity.setTrustPolicy(role.name, iam.trustPolicy(input.PolicyDocument!));
    return {};
  },
});
