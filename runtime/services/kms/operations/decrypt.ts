import type { DecryptRequest, DecryptResponse } from '@aws-sdk/client-kms';
import type { WithRequired } from '../../../core/validation';
import { open } from '../ciphers';
import { kmsErrors } from '../errors';
import { dryRun, encryptionAlgorithm, encryptionContext, grantTokens, keyIdType } from '../inputs';
import { operation } from '../kms';

/** CiphertextBlob is required: the model leaves it out only for a dry run that ignores the ciphertext (DryRunModifiers IGNORE_CIPHERTEXT), which keydrill does not offer. */
export const decrypt = operation<WithRequired<DecryptRequest, 'CiphertextBlob'>, DecryptResponse>({
  name: 'Decrypt',
  input: {
    CiphertextBlob: { type: 'blob', required: true, min: 1, max: 6144 },
    EncryptionContext: encryptionContext,
    GrantTokens: grantTokens,
    KeyId: keyIdType(false),
    EncryptionAlgorithm: encryptionAlgorithm,
    Recipient: { type: 'structure', members: {} },
    DryRun: dryRun,
    DryRunModifiers: { type: 'list', member: { type: 'string', enum: ['IGNORE_CIPHERTEXT'] } },
  },
  run(kms, input, ctx) {
    if (input.Recipient) throw kmsErrors.unsupported('keydrill does not support Nitro Enclaves attestation (Recipient)');
    const opened = open(kms, ctx, {
      blob: input.CiphertextBlob,
      context: input.EncryptionContext,
      keyIdParam: input.KeyId,
      algorithm: input.EncryptionAlgorithm,
      action: 'kms:Decrypt',
      dryRun: input.DryRun,
    });
    return {
      KeyId: opened.key.arn,
      Plaintext: opened.plaintext,
      EncryptionAlgorithm: opened.algorithm as DecryptResponse['EncryptionAlgorithm'],
      ...(opened.keyMaterialId ? { KeyMaterialId: opened.keyMaterialId } : {}),
    };
  },
});
