import type { UpdateAliasRequest } from '@aws-sdk/client-kms';
import { kmsErrors } from '../errors';
import { aliasName, keyIdType } from '../inputs';
import { aliasArn } from '../key-resolution';
import { checkAliasName } from '../key-rules';
import { operation } from '../kms';
import type { KmsKey } from '../model';

/** The key types UpdateAlias distinguishes; any two specs of one type are interchangeable. */
const keyType = (key: KmsKey) => (key.keySpec === 'SYMMETRIC_DEFAULT' ? 'symmetric' : key.keySpec.startsWith('HMAC_') ? 'HMAC' : 'asymmetric');

export const updateAlias = operation<UpdateAliasRequest, Record<string, never>>({
  name: 'UpdateAlias',
  input: { AliasName: aliasName, TargetKeyId: keyIdType() },
  run(kms, input, ctx) {
    const name = input.AliasName;
    checkAliasName(name);
    const alias = kms.store.alias(name);
    if (!alias) throw kmsErrors.aliasNotFound(aliasArn(kms.scope, name));
    // The caller needs kms:UpdateAlias on the current and on the new key; only the new key's state matters.
    const current = kms.use(ctx, alias.targetKeyId, { action: 'kms:UpdateAlias', rule: 'any' });
    const target = kms.use(ctx, input.TargetKeyId, { action: 'kms:UpdateAlias', rule: 'manage' });
    // AWS requires the same key type (symmetric, asymmetric or HMAC) and key usage, not the same spec:
    // an ECC_NIST_P256 signing alias may move to an ECC_NIST_P384 signing key
    // (https://docs.aws.amazon.com/kms/latest/APIReference/API_UpdateAlias.html).
    if (keyType(current) !== keyType(target) || current.keyUsage !== target.keyUsage) {
      throw kmsErrors.validation(`The new target key ${target.arn} must have the same key type and key usage as the current target key ${current.arn}.`);
    }
    kms.store.putAlias({ ...alias, targetKeyId: target.keyId, updatedAt: kms.now().toISOString() });
    kms.store.commit();
    kms.recordApiCall(ctx, 'UpdateAlias', target, { aliasName: name, targetKeyId: input.TargetKeyId });
    return {};
  },
});
