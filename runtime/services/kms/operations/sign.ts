import type { SignRequest, SignResponse } from '@aws-sdk/client-kms';
import { signMessage } from '../crypto';
import { kmsErrors } from '../errors';
import { kmsOperation } from '../operation';
import { dryRun, grantTokens, keyIdType, signingAlgorithm } from '../shapes';
import { checkSigningRequest, signingInput } from '../signing';

export const sign = kmsOperation<SignRequest, SignResponse>({
  name: 'Sign',
  input: { KeyId: keyIdType(), ...signingInput, GrantTokens: grantTokens, SigningAlgorithm: signingAlgorithm(true), DryRun: dryRun },
  run(kms, input, ctx) {
    const key = kms.use(ctx, input.KeyId!, { action: 'kms:Sign', rule: 'use', allowAlias: true });
    const messageType = input.MessageType ?? 'RAW';
    checkSigningRequest(key, 'Sign', input.SigningAlgorithm!, input.Message!, messageType);
    if (input.DryRun) throw kmsErrors.dryRun();
    const signature = signMessage(key, input.SigningAlgorithm!, input.Message!, messageType === 'DIGEST');
    return { KeyId: key.arn, Signature: signature, SigningAlgorithm: input.SigningAlgorithm };
  },
});
