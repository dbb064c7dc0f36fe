import type { EncryptRequest, EncryptResponse } from '@aws-sdk/client-kms';
import { seal, sealingKey } from '../ciphers';
import { kmsErrors } from '../errors';
import { dryRun, encryptionAlgorithm, encryptionContext, grantTokens, keyIdType } from '../inputs';
import { operation } from '../kms';

export const encrypt = operation<EncryptRequest, EncryptResponse>({
  name: 'Encrypt',
  input: {
    KeyId: keyIdType(),
    Plaintext: { type: 'blob', required: true, min: 1, max: 4096 },
    EncryptionContext: encryptionContext,
    GrantTokens: grantTokens,
    EncryptionAlgorithm: encryptionAlgorithm,
    DryRun: dryRun,
  },
  run(kms, input, ctx) {
    const algorithm = input.EncryptionAlgorithm ?? 'SYMMETRIC_DEFAULT';
    const key = sealingKey(kms, ctx, { keyId: input.KeyId, action: 'kms:Encrypt', operation: 'Encrypt', context: input.EncryptionContext, algorithm });
    if (input.DryRun) throw kmsErrors.dryRun();
    const sealed = seal(key, input.Plaintext, input.EncryptionContext, algorithm);
    return { CiphertextBlob: sealed.blob, KeyId: key.arn, EncryptionAlgorithm: algorithm as EncryptResponse['EncryptionAlgorithm'] };
  },
});
