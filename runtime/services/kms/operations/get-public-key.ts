import type { GetPublicKeyRequest, GetPublicKeyResponse } from '@aws-sdk/client-kms';
import { publicKeyDer } from '../crypto';
import { kmsErrors } from '../errors';
import { grantTokens, keyIdType } from '../inputs';
import { operation } from '../kms';
import { keyMetadata } from '../views';

export const getPublicKey = operation<GetPublicKeyRequest, GetPublicKeyResponse>({
  name: 'GetPublicKey',
  input: { KeyId: keyIdType(), GrantTokens: grantTokens },
  run(kms, input, ctx) {
    const key = kms.use(ctx, input.KeyId, { action: 'kms:GetPublicKey', rule: 'use', allowAlias: true });
    if (!key.privateKey) throw kmsErrors.unsupported(`${key.arn} key spec is ${key.keySpec}, which has no public key.`);
    const metadata = keyMetadata(key);
    return {
      KeyId: key.arn,
      PublicKey: publicKeyDer(key),
      KeySpec: metadata.KeySpec,
      CustomerMasterKeySpec: metadata.CustomerMasterKeySpec,
      KeyUsage: metadata.KeyUsage,
      ...(metadata.EncryptionAlgorithms ? { EncryptionAlgorithms: metadata.EncryptionAlgorithms } : {}),
      ...(metadata.SigningAlgorithms ? { SigningAlgorithms: metadata.SigningAlgorithms } : {}),
    };
  },
});
