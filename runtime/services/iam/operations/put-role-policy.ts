import type { PutRolePolicyRequest } from '@aws-sdk/client-iam';
import { iamErrors } from '../errors';
import { operation } from '../iam';
import { policyDocument, policyName, roleName } from '../inputs';
import { compactSize, parsePolicyText, QUOTAS } from '../policy-text';

/** Adds or replaces an inline policy; a role's inline policies share one size quota. */
export const putRolePolicy = operation<PutRolePolicyRequest, object>({
  name: 'PutRolePolicy',
  input: { RoleName: roleName, PolicyName: policyName, PolicyDocument: policyDocument },
  run(iam, input, ctx) {
    const role = iam.modifiableRoleFor(ctx, 'iam:PutRolePolicy', input.RoleName);
    const doc = parsePolicyText(input.PolicyDocument, 'identity');
    const others = Object.entries(role.policies).filter(([name]) => name !== input.PolicyName);
    const total = others.reduce((sum, [, other]) => sum + compactSize(other), compactSize(doc));
    if (total > QUOTAS.inlinePoliciesPerRoleChars) throw iamErrors.inlinePoliciesTooLarge(role.name, QUOTAS.inlinePoliciesPerRoleChars);
    iam.identity.putRolePolicy(role.name, input.PolicyName, doc);
    return {};
  },
});
