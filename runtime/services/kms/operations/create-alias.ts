import type { CreateAliasRequest } from '@aws-sdk/client-kms';
import { kmsErrors } from '../errors';
import { aliasName, keyIdType } from '../inputs';
import { aliasArn } from '../key-resolution';
import { checkAliasName } from '../key-rules';
import { operation } from '../kms';

export const createAlias = operation<CreateAliasRequest, Record<string, never>>({
  name: 'CreateAlias',
  input: { AliasName: aliasName, TargetKeyId: keyIdType() },
  run(kms, input, ctx) {
    const name = input.AliasName;
    checkAliasName(name);
    const key = kms.use(ctx, input.TargetKeyId, { action: 'kms:CreateAlias', rule: 'manage' });
    if (kms.store.alias(name)) throw kmsErrors.alreadyExists(`An alias with the name ${aliasArn(kms.scope, name)} already exists`);
    const now = kms.now().toISOString();
    kms.store.putAlias({ name, targetKeyId: key.keyId, createdAt: now, updatedAt: now });
    kms.store.commit();
    kms.recordApiCall(ctx, 'CreateAlias', key, { aliasName: name, targetKeyId: input.TargetKeyId });
    return {};
  },
});
