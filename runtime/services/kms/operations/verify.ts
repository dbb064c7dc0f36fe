import type { VerifyRequest, VerifyResponse } from '@aws-sdk/client-kms';
import { verifyMessage } from '../crypto';
import { kmsErrors } from '../errors';
import { dryRun, grantTokens, keyIdType, signingAlgorithm, signingInput } from '../inputs';
import { checkSigningRequest } from '../key-rules';
import { operation } from '../kms';

export const verify = operation<VerifyRequest, VerifyResponse>({
  name: 'Verify',
  input: {
    KeyId: keyIdType(),
    ...signingInput,
    Signature: { type: 'blob', required: true, min: 1, max: 6144 },
    SigningAlgorithm: signingAlgorithm,
    GrantTokens: grantTokens,
    DryRun: dryRun,
  },
  run(kms, input, ctx) {
    const key = kms.use(ctx, input.KeyId, { action: 'kms:Verify', rule: 'use', allowAlias: true });
    const messageType = input.MessageType ?? 'RAW';
    checkSigningRequest(key, 'Verify', input.SigningAlgorithm, input.Message, messageType);
    if (input.DryRun) throw kmsErrors.dryRun();
    // An invalid signature is an error in KMS, never SignatureValid: false.
    if (!verifyMessage(key, input.SigningAlgorithm, input.Message, messageType === 'DIGEST', input.Signature)) throw kmsErrors.invalidSignature();
    return { KeyId: key.arn, SignatureValid: true, SigningAlgorithm: input.SigningAlgorithm };
  },
});
