import type { EnableKeyRotationRequest } from '@aws-sdk/client-kms';
import { DAY_MS } from '../../../core/clock';
import { keyIdType } from '../inputs';
import { assertRotatable, MAX_ROTATION_PERIOD_DAYS, MIN_ROTATION_PERIOD_DAYS } from '../key-rules';
import { DEFAULT_ROTATION_PERIOD_DAYS, operation } from '../kms';

export const enableKeyRotation = operation<EnableKeyRotationRequest, Record<string, never>>({
  name: 'EnableKeyRotation',
  input: { KeyId: keyIdType(), RotationPeriodInDays: { type: 'integer', min: MIN_ROTATION_PERIOD_DAYS, max: MAX_ROTATION_PERIOD_DAYS } },
  run(kms, input, ctx) {
    const periodInDays = input.RotationPeriodInDays ?? DEFAULT_ROTATION_PERIOD_DAYS;
    const key = kms.use(ctx, input.KeyId, { action: 'kms:EnableKeyRotation', rule: 'rotate', facts: { rotationPeriodInDays: periodInDays } });
    assertRotatable(key);
    const nextRotationDate = new Date(kms.now().getTime() + periodInDays * DAY_MS).toISOString();
    key.rotation = { ...key.rotation, enabled: true, periodInDays, nextRotationDate };
    kms.store.commit();
    kms.armDueChange(key.keyId, nextRotationDate);
    kms.recordApiCall(ctx, 'EnableKeyRotation', key, { keyId: input.KeyId, rotationPeriodInDays: periodInDays });
    return {};
  },
});
