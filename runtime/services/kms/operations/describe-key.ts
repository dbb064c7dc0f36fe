import type { DescribeKeyRequest, DescribeKeyResponse } from '@aws-sdk/client-kms';
import { grantTokens, keyIdType } from '../inputs';
import { operation } from '../kms';
import { keyMetadata } from '../views';

export const describeKey = operation<DescribeKeyRequest, DescribeKeyResponse>({
  name: 'DescribeKey',
  input: { KeyId: keyIdType(), GrantTokens: grantTokens },
  run(kms, input, ctx) {
    const key = kms.use(ctx, input.KeyId, { action: 'kms:DescribeKey', rule: 'any', allowAlias: true });
    return { KeyMetadata: keyMetadata(key) };
  },
});
