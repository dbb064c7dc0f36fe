import { randomBytes } from 'node:crypto';
import type { CreateGrantRequest, CreateGrantResponse } from '@aws-sdk/client-kms';
import { kmsErrors } from '../errors';
import { dryRun, encryptionContext, grantOperations, grantTokens, keyIdType, principalId } from '../inputs';
import { operation } from '../kms';
import type { Grant } from '../model';

/** Grant operations that only make sense for asymmetric or HMAC keys. */
const NOT_FOR_SYMMETRIC = new Set(['Sign', 'Verify', 'GetPublicKey', 'GenerateMac', 'VerifyMac', 'DeriveSharedSecret']);
const ONLY_FOR_SYMMETRIC = new Set(['GenerateDataKey', 'GenerateDataKeyWithoutPlaintext', 'GenerateDataKeyPair', 'GenerateDataKeyPairWithoutPlaintext', 'GenerateMac', 'VerifyMac']);

const sameGrant = (g: Grant, input: CreateGrantRequest) =>
  g.granteePrincipal === input.GranteePrincipal &&
  g.retiringPrincipal === input.RetiringPrincipal &&
  JSON.stringify([...g.operations].sort()) === JSON.stringify([...(input.Operations ?? [])].sort()) &&
  JSON.stringify(g.constraints ?? null) === JSON.stringify(input.Constraints ?? null);

export const createGrant = operation<CreateGrantRequest, CreateGrantResponse>({
  name: 'CreateGrant',
  input: {
    KeyId: keyIdType(),
    GranteePrincipal: principalId,
    RetiringPrincipal: principalId,
    Operations: { ...grantOperations, required: true },
    Constraints: { type: 'structure', members: { EncryptionContextSubset: encryptionContext, EncryptionContextEquals: encryptionContext } },
    GrantTokens: grantTokens,
    Name: { type: 'string', min: 1, max: 256, pattern: /^[a-zA-Z0-9:/_-]+$/ },
    DryRun: dryRun,
  },
  run(kms, input, ctx) {
    if (!input.GranteePrincipal) throw kmsErrors.validation('1 validation error detected: Value null at \'granteePrincipal\' failed to satisfy constraint: Member must not be null');
    const operations = input.Operations;
    if (operations.length === 0) throw kmsErrors.validation('Operations must not be empty');
    if (input.Constraints?.EncryptionContextEquals && input.Constraints?.EncryptionContextSubset) {
      throw kmsErrors.validation('A grant may have EncryptionContextEquals or EncryptionContextSubset, not both');
    }
    const key = kms.use(ctx, input.KeyId, {
      action: 'kms:CreateGrant',
      rule: 'use',
      facts: { grantOperations: operations, granteePrincipal: input.GranteePrincipal, retiringPrincipal: input.RetiringPrincipal },
    });
    const symmetric = key.keySpec === 'SYMMETRIC_DEFAULT';
    const invalid = operations.filter((op) => (symmetric ? NOT_FOR_SYMMETRIC.has(op) : ONLY_FOR_SYMMETRIC.has(op)));
    if (invalid.length) throw kmsErrors.validation(`Grant operations [${invalid.join(', ')}] are not valid for a ${key.keySpec} key`);
    if (input.DryRun) throw kmsErrors.dryRun();
    // A retry with the same Name and parameters returns the existing grant instead of a duplicate.
    const existing = input.Name ? key.grants.find((g) => g.name === input.Name && sameGrant(g, input)) : undefined;
    if (existing) return { GrantId: existing.grantId, GrantToken: existing.grantToken };
    const grant: Grant = {
      grantId: randomBytes(32).toString('hex'),
      grantToken: randomBytes(48).toString('base64'),
      keyId: key.keyId,
      ...(input.Name ? { name: input.Name } : {}),
      granteePrincipal: input.GranteePrincipal,
      ...(input.RetiringPrincipal ? { retiringPrincipal: input.RetiringPrincipal } : {}),
      operations,
      ...(input.Constraints ? { constraints: input.Constraints } : {}),
      issuingAccount: `arn:aws:iam::${ctx.caller.principal.account}:root`,
      createdAt: kms.now().toISOString(),
    };
    key.grants.push(grant);
    kms.store.commit();
    kms.recordApiCall(ctx, 'CreateGrant', key, { keyId: input.KeyId, granteePrincipal: input.GranteePrincipal, operations });
    return { GrantId: grant.grantId, GrantToken: grant.grantToken };
  },
});
