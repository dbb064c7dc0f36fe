import type { GenerateDataKeyRequest, GenerateDataKeyResponse } from '@aws-sdk/client-kms';
import { dataKeyInput, generateDataKey as generate } from '../data-keys';
import { operation } from '../kms';

export const generateDataKey = operation<GenerateDataKeyRequest, GenerateDataKeyResponse>({
  name: 'GenerateDataKey',
  input: { ...dataKeyInput, Recipient: { type: 'structure', members: {} } },
  run(kms, input, ctx) {
    const { plaintext, ...rest } = generate(kms, ctx, input, 'GenerateDataKey');
    return { ...rest, Plaintext: plaintext };
  },
});
