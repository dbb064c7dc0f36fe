import type { GetPolicyVersionRequest, GetPolicyVersionResponse } from '@aws-sdk/client-iam';
import { iamErrors } from '../errors';
import { operation } from '../iam';
import { policyArn, versionId } from '../inputs';
import { DEFAULT_VERSION_ID, policyVersionView } from '../views';

export const getPolicyVersion = operation<GetPolicyVersionRequest, GetPolicyVersionResponse>({
  name: 'GetPolicyVersion',
  input: { PolicyArn: policyArn, VersionId: versionId },
  run(iam, input, ctx) {
    const policy = iam.policyFor(ctx, 'iam:GetPolicyVersion', input.PolicyArn);
    if (input.VersionId !== DEFAULT_VERSION_ID) throw iamErrors.noSuchPolicyVersion(policy.arn, input.VersionId);
    return { PolicyVersion: policyVersionView(policy) };
  },
});
