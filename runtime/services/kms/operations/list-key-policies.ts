import type { ListKeyPoliciesRequest, ListKeyPoliciesResponse } from '@aws-sdk/client-kms';
import { keyIdType, limit, marker } from '../inputs';
import { operation } from '../kms';

export const listKeyPolicies = operation<ListKeyPoliciesRequest, ListKeyPoliciesResponse>({
  name: 'ListKeyPolicies',
  input: { KeyId: keyIdType(), Limit: limit(1000), Marker: marker },
  run(kms, input, ctx) {
    kms.use(ctx, input.KeyId, { action: 'kms:ListKeyPolicies', rule: 'any' });
    return { PolicyNames: ['default'], Truncated: false };
  },
});
