import type { CreatePolicyRequest, CreatePolicyResponse } from '@aws-sdk/client-iam';
import { iamErrors } from '../errors';
import { operation } from '../iam';
import { description, policyDocument, policyName, policyPath, tags } from '../inputs';
import { compactSize, parsePolicyText, QUOTAS } from '../policy-text';
import { tagMap } from '../tags';
import { policyView } from '../views';

/** A customer managed policy whose one version, v1, is its default; names are unique whatever their case and path. */
export const createPolicy = operation<CreatePolicyRequest, CreatePolicyResponse>({
  name: 'CreatePolicy',
  input: { PolicyName: policyName, Path: policyPath, PolicyDocument: policyDocument, Description: description, Tags: tags },
  run(iam, input, ctx) {
    const name = input.PolicyName;
    const path = input.Path ?? '/';
    const arn = iam.identity.policyArn(name, path);
    iam.authorize(ctx, 'iam:CreatePolicy', arn, `policy ${arn}`);
    if (iam.identity.listManagedPolicies().some((p) => p.name.toLowerCase() === name.toLowerCase())) throw iamErrors.policyExists(name);
    const document = parsePolicyText(input.PolicyDocument, 'identity');
    if (compactSize(document) > QUOTAS.managedPolicyChars) throw iamErrors.quotaExceeded('PolicySize', QUOTAS.managedPolicyChars);
    const policy = iam.identity.createManagedPolicy({ name, path, description: input.Description, document, tags: input.Tags && tagMap(input.Tags) });
    return { Policy: policyView(policy, 0) };
  },
});
