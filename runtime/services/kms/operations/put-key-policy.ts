import type { PutKeyPolicyRequest } from '@aws-sdk/client-kms';
import { keyIdType, policyName, policyText } from '../inputs';
import { checkKeyPolicy } from '../key-policy';
import { assertDefaultPolicyName } from '../key-rules';
import { operation } from '../kms';

export const putKeyPolicy = operation<PutKeyPolicyRequest, Record<string, never>>({
  name: 'PutKeyPolicy',
  input: { KeyId: keyIdType(), PolicyName: policyName, Policy: policyText(true), BypassPolicyLockoutSafetyCheck: { type: 'boolean' } },
  run(kms, input, ctx) {
    const key = kms.use(ctx, input.KeyId, { action: 'kms:PutKeyPolicy', rule: 'any', facts: { bypassPolicyLockoutSafetyCheck: input.BypassPolicyLockoutSafetyCheck } });
    assertDefaultPolicyName(input.PolicyName);
    checkKeyPolicy(kms, ctx, input.Policy, key, input.BypassPolicyLockoutSafetyCheck ?? false);
    key.policy = input.Policy;
    kms.store.commit();
    kms.recordApiCall(ctx, 'PutKeyPolicy', key, { keyId: input.KeyId, policyName: 'default', policy: input.Policy });
    return {};
  },
});
