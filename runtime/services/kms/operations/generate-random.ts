import { randomBytes } from 'node:crypto';
import type { GenerateRandomRequest, GenerateRandomResponse } from '@aws-sdk/client-kms';
import { kmsErrors } from '../errors';
import { operation } from '../kms';

export const generateRandom = operation<GenerateRandomRequest, GenerateRandomResponse>({
  name: 'GenerateRandom',
  input: {
    NumberOfBytes: { type: 'integer', min: 1, max: 1024 },
    CustomKeyStoreId: { type: 'string', min: 1, max: 64 },
    Recipient: { type: 'structure', members: {} },
  },
  run(kms, input, ctx) {
    kms.authorizeAccount(ctx, 'kms:GenerateRandom');
    if (input.CustomKeyStoreId || input.Recipient) throw kmsErrors.unsupported('keydrill does not support custom key stores or Nitro Enclaves attestation');
    return { Plaintext: randomBytes(input.NumberOfBytes ?? 32) };
  },
});
