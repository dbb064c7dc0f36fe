import type { EncryptionContext as EncryptionContextType } from './crypto';
import type { CallContext } from '../../core/operation';
import { decryptSymmetric, encryptSymmetric, parseCiphertext, rsaDecrypt, rsaEncrypt, rsaMaxPlaintext } from './crypto';
import { kmsErrors } from './errors';
import { resolveKey } from './key-resolution';
import type { Kms } from './kms';
import { SUPPORTED_SPECS, type KmsKey } from './model';

export interface SealingRequest {
  keyId: string;
  /** `kms:Encrypt`, `kms:ReEncryptTo` or `kms:GenerateDataKey*`. */
  action: string;
  /** The operation as key usage errors name it. */
  operation: string;
  context?: EncryptionContextType;
  algorithm?: string;
}

/**
 * The key Encrypt, ReEncrypt (its destination) and GenerateDataKey* seal under: authorized for the request's
 * context and algorithm, and an encryption key that supports the algorithm.
 */
export function sealingKey(kms: Kms, ctx: CallContext, req: SealingRequest): KmsKey {
  const algorithm = req.algorithm ?? 'SYMMETRIC_DEFAULT';
  const key = kms.use(ctx, req.keyId, {
    action: req.action,
    rule: 'use',
    allowAlias: true,
    facts: { encryptionContext: req.context, encryptionAlgorithm: algorithm },
  });
  if (key.keyUsage !== 'ENCRYPT_DECRYPT') {
    throw kmsErrors.invalidKeyUsage(`${key.arn} key usage is ${key.keyUsage} which is not valid for ${req.operation}.`);
  }
  if (!SUPPORTED_SPECS[key.keySpec].encryption?.includes(algorithm)) {
    throw kmsErrors.invalidKeyUsage(`Algorithm ${algorithm} is incompatible with key spec ${key.keySpec}.`);
  }
  return key;
}

export interface Sealed {
  blob: Buffer;
  keyMaterialId?: string;
}

export function seal(key: KmsKey, plaintext: Uint8Array, context: EncryptionContextType | undefined, algorithm = 'SYMMETRIC_DEFAULT'): Sealed {
  if (key.keySpec === 'SYMMETRIC_DEFAULT') {
    const { blob, material } = encryptSymmetric(key, plaintext, context);
    return { blob, keyMaterialId: material.id };
  }
  const max = rsaMaxPlaintext(key.keySpec, algorithm);
  if (plaintext.length > max) {
    throw kmsErrors.validation(`Algorithm ${algorithm} and key spec ${key.keySpec} cannot encrypt data larger than ${max} bytes.`);
  }
  return { blob: rsaEncrypt(key, algorithm, plaintext) };
}

export interface OpenRequest {
  blob: Uint8Array;
  context?: EncryptionContextType;
  keyIdParam?: string;
  algorithm?: string;
  /** `kms:Decrypt` or `kms:ReEncryptFrom`. */
  action: string;
  dryRun?: boolean;
}

/**
 * Decrypts a ciphertext the way Decrypt and ReEncrypt's source side do: a symmetric blob names its
 * own key (KeyId is optional, and must match when given); an RSA ciphertext needs KeyId and algorithm.
 */
export function open(kms: Kms, ctx: CallContext, req: OpenRequest): { key: KmsKey; plaintext: Buffer; algorithm: string; keyMaterialId?: string } {
  const algorithm = req.algorithm ?? 'SYMMETRIC_DEFAULT';
  const facts = { encryptionContext: req.context, encryptionAlgorithm: algorithm };
  if (algorithm !== 'SYMMETRIC_DEFAULT') {
    if (!req.keyIdParam) throw kmsErrors.validation('KeyId is required for asymmetric decryption');
    const key = kms.use(ctx, req.keyIdParam, { action: req.action, rule: 'use', allowAlias: true, facts });
    if (key.keyUsage !== 'ENCRYPT_DECRYPT' || !SUPPORTED_SPECS[key.keySpec].encryption?.includes(algorithm)) throw kmsErrors.incorrectKey();
    if (req.dryRun) throw kmsErrors.dryRun();
    return { key, plaintext: rsaDecrypt(key, algorithm, req.blob), algorithm };
  }
  const parsed = parseCiphertext(req.blob);
  kms.applyDueChanges();
  if (req.keyIdParam !== undefined) {
    const named = resolveKey(kms.store, kms.scope, req.keyIdParam, true);
    if (named.keyId !== parsed.keyId) throw kmsErrors.incorrectKey();
  }
  if (!kms.store.key(parsed.keyId)) throw kmsErrors.ciphertextKeyInaccessible();
  const key = kms.use(ctx, parsed.keyId, { action: req.action, rule: 'use', facts });
  if (key.keySpec !== 'SYMMETRIC_DEFAULT') throw kmsErrors.invalidCiphertext();
  if (req.dryRun) throw kmsErrors.dryRun();
  const { plaintext, material } = decryptSymmetric(key, parsed, req.context);
  return { key, plaintext, algorithm, keyMaterialId: material.id };
}
