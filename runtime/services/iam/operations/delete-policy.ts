import type { DeletePolicyRequest } from '@aws-sdk/client-iam';
import { iamErrors } from '../errors';
import { operation } from '../iam';
import { policyArn } from '../inputs';

export const deletePolicy = operation<DeletePolicyRequest, object>({
  name: 'DeletePolicy',
  input: { PolicyArn: policyArn },
  run(iam, input, ctx) {
    const policy = iam.policyFor(ctx, 'iam:DeletePolicy', input.PolicyArn);
    if (iam.identity.rolesWithPolicy(policy.arn).length) throw iamErrors.policyAttached();
    iam.identity.deleteManagedPolicy(policy.arn);
    return {};
  },
});
