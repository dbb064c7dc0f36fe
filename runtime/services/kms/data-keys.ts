import { randomBytes } from 'node:crypto';
import type { GenerateDataKeyWithoutPlaintextRequest } from '@aws-sdk/client-kms';
import type { CallContext } from '../../core/operation';
import type { InputTable, Validated } from '../../core/validation';
import { seal, sealingKey } from './ciphers';
import { kmsErrors } from './errors';
import { dryRun, encryptionContext, grantTokens, keyIdType } from './inputs';
import type { Kms } from './kms';

/** GenerateDataKey's members less Recipient: the whole of GenerateDataKeyWithoutPlaintext's. */
type DataKeyRequest = Validated<GenerateDataKeyWithoutPlaintextRequest>;

export const dataKeyInput = {
  KeyId: keyIdType(),
  EncryptionContext: encryptionContext,
  NumberOfBytes: { type: 'integer', min: 1, max: 1024 },
  KeySpec: { type: 'string', enum: ['AES_256', 'AES_128'] },
  GrantTokens: grantTokens,
  DryRun: dryRun,
} satisfies InputTable<GenerateDataKeyWithoutPlaintextRequest>;

/** GenerateDataKey and GenerateDataKeyWithoutPlaintext: random bytes sealed under a symmetric key. */
export function generateDataKey(kms: Kms, ctx: CallContext, input: DataKeyRequest, operation: 'GenerateDataKey' | 'GenerateDataKeyWithoutPlaintext') {
  if ((input.NumberOfBytes === undefined) === (input.KeySpec === undefined)) {
    throw kmsErrors.validation('Please specify either number of bytes or key spec.');
  }
  const key = sealingKey(kms, ctx, { keyId: input.KeyId, action: `kms:${operation}`, operation, context: input.EncryptionContext });
  if (key.keySpec !== 'SYMMETRIC_DEFAULT') throw kmsErrors.invalidKeyUsage(`${key.arn} key spec is ${key.keySpec} which is not valid for ${operation}.`);
  if (input.DryRun) throw kmsErrors.dryRun();
  const plaintext = randomBytes(input.NumberOfBytes ?? (input.KeySpec === 'AES_128' ? 16 : 32));
  const sealed = seal(key, plaintext, input.EncryptionContext);
  return { plaintext, CiphertextBlob: sealed.blob, KeyId: key.arn, KeyMaterialId: sealed.keyMaterialId };
}
