import type { Tag } from '@aws-sdk/client-kms';
import { hashOf } from './crypto';
import { kmsErrors } from './errors';
import { SUPPORTED_SPECS, type KmsKey } from './model';

/** What KMS refuses beyond its model's constraints and the key-state matrix, one rule per function. */

export const MIN_ROTATION_PERIOD_DAYS = 90;
export const MAX_ROTATION_PERIOD_DAYS = 2560;

/** Only symmetric encryption keys with KMS-generated material rotate. */
export function assertRotatable(key: KmsKey): void {
  if (key.keySpec !== 'SYMMETRIC_DEFAULT') throw kmsErrors.unsupported();
}

/** A key has exactly one policy, named `default`. */
export function assertDefaultPolicyName(name: string | undefined): void {
  if (name !== undefined && name !== 'default') throw kmsErrors.notFound('No such policy exists');
}

/** Alias naming rules beyond the model's pattern (https://docs.aws.amazon.com/kms/latest/developerguide/alias-create.html). */
export function checkAliasName(name: string): void {
  if (!name.startsWith('alias/')) {
    throw kmsErrors.validation('Alias must start with the prefix "alias/". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html');
  }
  // AWS reserves alias/aws/ for AWS managed keys; AWS's exact response is unrecorded, the emulators
  // agree on NotAuthorizedException with an empty message.
  if (name.startsWith('alias/aws/')) throw kmsErrors.notAuthorized();
}

const MAX_TAGS = 50;

/** Tag rules, with the messages AWS answered them with (https://docs.aws.amazon.com/kms/latest/developerguide/tagging-keys.html). */
export function checkTags(existing: Tag[], added: Tag[]): Tag[] {
  const keys = added.map((t) => t.TagKey!);
  if (new Set(keys).size !== keys.length) throw kmsErrors.tag('Duplicate tag keys');
  if (keys.some((k) => k.toLowerCase().startsWith('aws:'))) throw kmsErrors.tag('Tags beginning with aws: are reserved');
  const merged = [...existing.filter((t) => !keys.includes(t.TagKey!)), ...added];
  if (merged.length > MAX_TAGS) throw kmsErrors.tag('Too many tags');
  return merged;
}

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
