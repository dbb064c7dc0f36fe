import { kmsErrors } from './errors';
import type { KmsKey } from './model';

/** Only symmetric encryption keys with KMS-generated material rotate. */
export function assertRotatable(key: KmsKey): void {
  if (key.keySpec !== 'SYMMETRIC_DEFAULT') throw kmsErrors.unsupported();
}

export const MIN_ROTATION_PERIOD_DAYS = 90;
export const MAX_ROTATION_PERIOD_DAYS = 2560;
