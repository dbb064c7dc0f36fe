import type { AttachRolePolicyRequest } from '@aws-sdk/client-iam';
import { parseArn } from '../../../core/arn';
import { iamErrors } from '../errors';
import { operation } from '../iam';
import { policyArn, roleName } from '../inputs';
import { QUOTAS } from '../policy-text';

/** AWS-managed policies (`arn:aws:iam::aws:policy/…`) are recorded, as the template's are, but not evaluated (README). */
const isAwsManaged = (arn: string) => {
  const parsed = parseArn(arn);
  return parsed?.service === 'iam' && parsed.account === 'aws' && parsed.resource.startsWith('policy/');
};

/** Attaching an attached policy again changes nothing, as in IAM. */
export const attachRolePolicy = operation<AttachRolePolicyRequest, object>({
  name: 'AttachRolePolicy',
  input: { RoleName: roleName, PolicyArn: policyArn },
  run(iam, input, ctx) {
    const role = iam.modifiableRoleFor(ctx, 'iam:AttachRolePolicy', input.RoleName);
    const arn = input.PolicyArn;
    if (!iam.identity.getManagedPolicy(arn) && !isAwsManaged(arn)) throw iamErrors.notAttachable(arn);
    if (role.managedPolicyArns.includes(arn)) return {};
    if (role.managedPolicyArns.length >= QUOTAS.managedPoliciesPerRole) throw iamErrors.quotaExceeded('PoliciesPerRole', QUOTAS.managedPoliciesPerRole);
    iam.identity.attachRolePolicy(role.name, arn);
    return {};
  },
});
