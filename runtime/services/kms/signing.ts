import { kmsErrors } from './errors';
import { hashOf } from './crypto';
import { SUPPORTED_SPECS, type KmsKey } from './model';

/** Sign and Verify share these checks: a signing key, an algorithm its spec supports, a digest of the right size. */
export function checkSigningRequest(key: KmsKey, operation: 'Sign' | 'Verify', algorithm: string, message: Uint8Array, messageType: string): void {
  if (key.keyUsage !== 'SIGN_VERIFY') throw kmsErrors.invalidKeyUsage(`${key.arn} key usage is ${key.keyUsage} which is not valid for ${operation}.`);
  if (!SUPPORTED_SPECS[key.keySpec].signing?.includes(algorithm)) {
    throw kmsErrors.invalidKeyUsage(`Algorithm ${algorithm} is incompatible with key spec ${key.keySpec}.`);
  }
  if (messageType === 'EXTERNAL_MU') throw kmsErrors.unsupported('keydrill does not support MessageType EXTERNAL_MU');
  if (messageType === 'DIGEST' && message.length !== hashOf(algorithm).bytes) {
    throw kmsErrors.validation(`Digest is invalid length for algorithm ${algorithm}.`);
  }
}

export const signingInput = {
  Message: { type: 'blob', required: true, min: 1, max: 4096 },
  MessageType: { type: 'string', enum: ['RAW', 'DIGEST', 'EXTERNAL_MU'] },
} as const;
