import type { UpdateAliasRequest } from '@aws-sdk/client-kms';
import { checkAliasName } from '../alias-rules';
import { kmsErrors } from '../errors';
import { aliasArn } from '../key-resolution';
import { kmsOperation } from '../operation';
import { aliasName, keyIdType } from '../shapes';

export const updateAlias = kmsOperation<UpdateAliasRequest, Record<string, never>>({
  name: 'UpdateAlias',
  input: { AliasName: aliasName, TargetKeyId: keyIdType() },
  run(kms, input, ctx) {
    const name = input.AliasName!;
    checkAliasName(name);
    const alias = kms.store.alias(name);
    if (!alias) throw kmsErrors.aliasNotFound(aliasArn(kms.scope, name));
    // The caller needs kms:UpdateAlias on the current and on the new key; only the new key's state matters.
    const current = kms.use(ctx, alias.targetKeyId, { action: 'kms:UpdateAlias', rule: 'any' });
    const target = kms.use(ctx, input.TargetKeyId!, { action: 'kms:UpdateAlias', rule: 'manage' });
    if (current.keySpec !== target.keySpec || current.keyUsage !== target.keyUsage) {
      throw kmsErrors.validation(`The new target key ${target.arn} must have the same key spec and key usage as the current target key ${current.arn}.`);
    }
    kms.store.putAlias({ ...alias, targetKeyId: target.keyId, updatedAt: kms.now().toISOString() });
    kms.store.commit();
    kms.recordApiCall(ctx, 'UpdateAlias', target, { aliasName: name, targetKeyId: input.TargetKeyId });
    return {};
  },
});
