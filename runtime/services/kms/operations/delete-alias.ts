import type { DeleteAliasRequest } from '@aws-sdk/client-kms';
import { kmsErrors } from '../errors';
import { aliasName } from '../inputs';
import { aliasArn } from '../key-resolution';
import { operation } from '../kms';

export const deleteAlias = operation<DeleteAliasRequest, Record<string, never>>({
  name: 'DeleteAlias',
  input: { AliasName: aliasName },
  run(kms, input, ctx) {
    const name = input.AliasName;
    const alias = kms.store.alias(name);
    if (!alias) throw kmsErrors.aliasNotFound(aliasArn(kms.scope, name));
    const key = kms.use(ctx, alias.targetKeyId, { action: 'kms:DeleteAlias', rule: 'any' });
    kms.store.deleteAlias(name);
    kms.store.commit();
    kms.recordApiCall(ctx, 'DeleteAlias', key, { aliasName: name });
    return {};
  },
});
