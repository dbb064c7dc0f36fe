import type { GetRolePolicyRequest, GetRolePolicyResponse } from '@aws-sdk/client-iam';
import { iamErrors } from '../errors';
import { operation } from '../iam';
import { policyName, roleName } from '../inputs';
import { encodedDocument } from '../views';

/** An inline policy, URL-encoded as IAM returns it; the deployed stack's policies on its roles are read here too. */
export const getRolePolicy = operation<GetRolePolicyRequest, GetRolePolicyResponse>({
  name: 'GetRolePolicy',
  input: { RoleName: roleName, PolicyName: policyName },
  run(iam, input, ctx) {
    const role = iam.roleFor(ctx, 'iam:GetRolePolicy', input.RoleName);
    const doc = role.policies[input.PolicyName];
    if (!doc) throw iamErrors.noSuchRolePolicy(input.PolicyName);
    return { RoleName: role.name, PolicyName: input.PolicyName, PolicyDocument: encodedDocument(doc) };
  },
});
