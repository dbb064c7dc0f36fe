import type { GetKeyPolicyRequest, GetKeyPolicyResponse } from '@aws-sdk/client-kms';
import { kmsOperation } from '../operation';
import { assertDefaultPolicyName } from '../policy-name';
import { keyIdType, policyName } from '../shapes';

export const getKeyPolicy = kmsOperation<GetKeyPolicyRequest, GetKeyPolicyResponse>({
  name: 'GetKeyPolicy',
  input: { KeyId: keyIdType(), PolicyName: policyName },
  run(kms, input, ctx) {
    const key = kms.use(ctx, input.KeyId!, { action: 'kms:GetKeyPolicy', rule: 'any' });
    assertDefaultPolicyName(input.PolicyName);
    return { Policy: key.policy, PolicyName: 'default' };
  },
});
