import type { GenerateDataKeyWithoutPlaintextRequest, GenerateDataKeyWithoutPlaintextResponse } from '@aws-sdk/client-kms';
import { dataKeyInput, generateDataKey } from '../data-keys';
import { operation } from '../kms';

export const generateDataKeyWithoutPlaintext = operation<GenerateDataKeyWithoutPlaintextRequest, GenerateDataKeyWithoutPlaintextResponse>({
  name: 'GenerateDataKeyWithoutPlaintext',
  input: dataKeyInput,
  run(kms, input, ctx) {
    const { plaintext: _discarded, ...rest } = generateDataKey(kms, ctx, input, 'GenerateDataKeyWithoutPlaintext');
    return rest;
  },
});
