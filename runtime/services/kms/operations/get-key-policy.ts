import type { GetKeyPolicyRequest, GetKeyPolicyResponse } from '@aws-sdk/client-kms';
import { keyIdType, policyName } from '../inputs';
import { assertDefaultPolicyName } from '../key-rules';
import { operation } from '../kms';

export const getKeyPolicy = operation<GetKeyPolicyRequest, GetKeyPolicyResponse>({
  name: 'GetKeyPolicy',
  input: { KeyId: keyIdType(), PolicyName: policyName },
  run(kms, input, ctx) {
    const key = kms.use(ctx, input.KeyId, { action: 'kms:GetKeyPolicy', rule: 'any' });
    assertDefaultPolicyName(input.PolicyName);
    return { Policy: key.policy, PolicyName: 'default' };
  },
});
