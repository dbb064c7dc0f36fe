import type { GetPolicyRequest, GetPolicyResponse } from '@aws-sdk/client-iam';
import { operation } from '../iam';
import { policyArn } from '../inputs';
import { policyView } from '../views';

/** Customer managed policies only: keydrill has no copies of AWS-managed ones (README). */
export const getPolicy = operation<GetPolicyRequest, GetPolicyResponse>({
  name: 'GetPolicy',
  input: { PolicyArn: policyArn },
  run(iam, input, ctx) {
    const policy = iam.policyFor(ctx, 'iam:GetPolicy', input.PolicyArn);
    return { Policy: policyView(policy, iam.identity.rolesWithPolicy(policy.arn).length) };
  },
});
