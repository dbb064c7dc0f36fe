import type { DescribeKeyRequest, DescribeKeyResponse } from '@aws-sdk/client-kms';
import { keyMetadata } from '../metadata';
import { kmsOperation } from '../operation';
import { grantTokens, keyIdType } from '../shapes';

export const describeKey = kmsOperation<DescribeKeyRequest, DescribeKeyResponse>({
  name: 'DescribeKey',
  input: { KeyId: keyIdType(), GrantTokens: grantTokens },
  run(kms, input, ctx) {
    const key = kms.use(ctx, input.KeyId!, { action: 'kms:DescribeKey', rule: 'any', allowAlias: true });
    return { KeyMetadata: keyMetadata(key) };
  },
});
