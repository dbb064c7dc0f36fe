import type { RevokeGrantRequest } from '@aws-sdk/client-kms';
import { kmsErrors } from '../errors';
import { dryRun, grantId, keyIdType } from '../inputs';
import { operation } from '../kms';

export const revokeGrant = operation<RevokeGrantRequest, Record<string, never>>({
  name: 'RevokeGrant',
  input: { KeyId: keyIdType(), GrantId: { ...grantId, required: true }, DryRun: dryRun },
  run(kms, input, ctx) {
    const key = kms.use(ctx, input.KeyId, { action: 'kms:RevokeGrant', rule: 'any' });
    const index = key.grants.findIndex((g) => g.grantId === input.GrantId);
    if (index < 0) throw kmsErrors.invalidGrantId();
    if (input.DryRun) throw kmsErrors.dryRun();
    key.grants.splice(index, 1);
    kms.store.commit();
    kms.recordApiCall(ctx, 'RevokeGrant', key, { keyId: input.KeyId, grantId: input.GrantId });
    return {};
  },
});
