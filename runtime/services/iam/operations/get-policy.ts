import type { GetPolicyRequest, GetPolicyResponse } from '@aws-sdk/client-iam';
import { policyArn } from '../inputs';
import { iamOperation } from '../operation';
import { policyView } from '../views';

/** Customer managed policies only: keydrill has no copies of AWS-managed ones (README). */
export const getPolicy = iamOperation<GetPolicyRequest, GetPolicyResponse>({
  name: 'GetPolicy',
  input: { PolicyArn: policyArn },
  run(iam, input, ctx) {
    const policy = iam.policyFor(ctx, 'iam:GetPolicy', input.PolicyArn!);
    return { Policy: policyView(policy, iam.identity.rolesWithPolicy(policy.arn).length) };
  },
});
