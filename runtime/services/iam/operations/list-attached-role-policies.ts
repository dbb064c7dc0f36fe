import type { ListAttachedRolePoliciesRequest, ListAttachedRolePoliciesResponse } from '@aws-sdk/client-iam';
import { byName, listPage, operation } from '../iam';
import { paging, policyPath, roleName } from '../inputs';
import { attachedPolicyView, managedPolicyName } from '../views';

/** The managed policies on a role, customer and AWS-managed alike; PathPrefix filters by the policies' paths. */
export const listAttachedRolePolicies = operation<ListAttachedRolePoliciesRequest, ListAttachedRolePoliciesResponse>({
  name: 'ListAttachedRolePolicies',
  input: { RoleName: roleName, PathPrefix: policyPath, ...paging },
  run(iam, input, ctx) {
    const role = iam.roleFor(ctx, 'iam:ListAttachedRolePolicies', input.RoleName);
    const attached = role.managedPolicyArns
      .filter((arn) => managedPolicyName(arn).path.startsWith(input.PathPrefix ?? '/'))
      .map(attachedPolicyView)
      .sort(byName((p) => p.PolicyName));
    const { items, ...more } = listPage(attached, input);
    return { AttachedPolicies: items, ...more };
  },
});
