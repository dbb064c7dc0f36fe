import type { DeletePolicyRequest } from '@aws-sdk/client-iam';
import { iamErrors } from '../errors';
import { policyArn } from '../inputs';
import { iamOperation } from '../operation';

export const deletePolicy = iamOperation<DeletePolicyRequest, object>({
  name: 'DeletePolicy',
  input: { PolicyArn: policyArn },
  run(iam, input, ctx) {
    const policy = iam.policyFor(ctx, 'iam:DeletePolicy', input.PolicyArn!);
    if (iam.identity.rolesWithPolicy(policy.arn).length) throw iamErrors.policyAttached();
    iam.identity.deleteManagedPolicy(policy.arn);
    return {};
  },
});
