import type { ReEncryptRequest, ReEncryptResponse } from '@aws-sdk/client-kms';
import type { WithRequired } from '../../../core/validation';
import { open, seal, sealingKey } from '../ciphers';
import { kmsErrors } from '../errors';
import { dryRun, encryptionAlgorithm, encryptionContext, grantTokens, keyIdType } from '../inputs';
import { operation } from '../kms';

/** CiphertextBlob is required: the model leaves it out only for a dry run that ignores the ciphertext (DryRunModifiers IGNORE_CIPHERTEXT), which keydrill does not offer. */
export const reEncrypt = operation<WithRequired<ReEncryptRequest, 'CiphertextBlob'>, ReEncryptResponse>({
  name: 'ReEncrypt',
  input: {
    CiphertextBlob: { type: 'blob', required: true, min: 1, max: 6144 },
    SourceEncryptionContext: encryptionContext,
    SourceKeyId: keyIdType(false),
    DestinationKeyId: keyIdType(),
    DestinationEncryptionContext: encryptionContext,
    SourceEncryptionAlgorithm: encryptionAlgorithm,
    DestinationEncryptionAlgorithm: encryptionAlgorithm,
    GrantTokens: grantTokens,
    DryRun: dryRun,
  },
  run(kms, input, ctx) {
    const destinationAlgorithm = input.DestinationEncryptionAlgorithm ?? 'SYMMETRIC_DEFAULT';
    const destination = sealingKey(kms, ctx, {
      keyId: input.DestinationKeyId,
      action: 'kms:ReEncryptTo',
      operation: 'ReEncrypt',
      context: input.DestinationEncryptionContext,
      algorithm: destinationAlgorithm,
    });
    const source = open(kms, ctx, {
      blob: input.CiphertextBlob,
      context: input.SourceEncryptionContext,
      keyIdParam: input.SourceKeyId,
      algorithm: input.SourceEncryptionAlgorithm,
      action: 'kms:ReEncryptFrom',
    });
    if (input.DryRun) throw kmsErrors.dryRun();
    const sealed = seal(destination, source.plaintext, input.DestinationEncryptionContext, destinationAlgorithm);
    return {
      CiphertextBlob: sealed.blob,
      SourceKeyId: source.key.arn,
      KeyId: destination.arn,
      SourceEncryptionAlgorithm: source.algorithm as ReEncryptResponse['SourceEncryptionAlgorithm'],
      DestinationEncryptionAlgorithm: destinationAlgorithm as ReEncryptResponse['DestinationEncryptionAlgorithm'],
      ...(source.keyMaterialId ? { SourceKeyMaterialId: source.keyMaterialId } : {}),
      ...(sealed.keyMaterialId ? { DestinationKeyMaterialId: sealed.keyMaterialId } : {}),
    };
  },
});
