import type { ListKeyRotationsRequest, ListKeyRotationsResponse, RotationsListEntry } from '@aws-sdk/client-kms';
import { page } from '../../../core/paging';
import { kmsErrors } from '../errors';
import { keyIdType, limit, marker } from '../inputs';
import { assertRotatable } from '../key-rules';
import { operation } from '../kms';
import { truncation } from '../views';

export const listKeyRotations = operation<ListKeyRotationsRequest, ListKeyRotationsResponse>({
  name: 'ListKeyRotations',
  input: {
    KeyId: keyIdType(),
    IncludeKeyMaterial: { type: 'string', enum: ['ALL_KEY_MATERIAL', 'ROTATIONS_ONLY'] },
    Limit: limit(1000),
    Marker: marker,
  },
  run(kms, input, ctx) {
    const key = kms.use(ctx, input.KeyId, { action: 'kms:ListKeyRotations', rule: 'any' });
    assertRotatable(key);
    const current = key.materials.length - 1;
    const entries: RotationsListEntry[] = key.materials.map((m, i) => ({
      KeyId: key.keyId,
      KeyMaterialId: m.id,
      KeyMaterialState: i === current ? 'CURRENT' : 'NON_CURRENT',
      ...(m.rotationType ? { RotationDate: new Date(m.createdAt), RotationType: m.rotationType } : {}),
    }));
    // The key's first material is not a rotation; KMS lists it only with ALL_KEY_MATERIAL.
    const listed = input.IncludeKeyMaterial === 'ALL_KEY_MATERIAL' ? entries : entries.slice(1);
    const p = page(listed, input.Marker, input.Limit ?? 100, kmsErrors.invalidMarker);
    return { Rotations: p.items, ...truncation(p.next) };
  },
});
