import type { SignRequest, SignResponse } from '@aws-sdk/client-kms';
import { signMessage } from '../crypto';
import { kmsErrors } from '../errors';
import { dryRun, grantTokens, keyIdType, signingAlgorithm, signingInput } from '../inputs';
import { checkSigningRequest } from '../key-rules';
import { operation } from '../kms';

export const sign = operation<SignRequest, SignResponse>({
  name: 'Sign',
  input: { KeyId: keyIdType(), ...signingInput, GrantTokens: grantTokens, SigningAlgorithm: signingAlgorithm, DryRun: dryRun },
  run(kms, input, ctx) {
    const key = kms.use(ctx, input.KeyId, { action: 'kms:Sign', rule: 'use', allowAlias: true });
    const messageType = input.MessageType ?? 'RAW';
    checkSigningRequest(key, 'Sign', input.SigningAlgorithm, input.Message, messageType);
    if (input.DryRun) throw kmsErrors.dryRun();
    const signature = signMessage(key, input.SigningAlgorithm, input.Message, messageType === 'DIGEST');
    return { KeyId: key.arn, Signature: signature, SigningAlgorithm: input.SigningAlgorithm };
  },
});
