import { parseArn } from '../../core/arn';
import type { Scope } from '../../core/scope';
import { kmsErrors } from './errors';
import type { KmsKey } from './model';
import type { KmsStore } from './store';

/** A key id: a UUID, or `mrk-` + 32 hex digits for multi-Region keys. */
export const KEY_ID = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$/;

export const keyArn = (scope: Scope, keyId: string) => `arn:aws:kms:${scope.region}:${scope.account}:key/${keyId}`;
export const aliasArn = (scope: Scope, aliasName: string) => `arn:aws:kms:${scope.region}:${scope.account}:${aliasName}`;

/**
 * Resolves a KeyId parameter as KMS does (docs/kms.md#key-identifiers). Crypto operations and
 * DescribeKey accept aliases (`allowAlias`); management operations take only a key id or key ARN.
 */
export function resolveKey(store: KmsStore, scope: Scope, keyIdParam: string, allowAlias: boolean): KmsKey {
  const parsed = keyIdParam.startsWith('arn:') ? parseArn(keyIdParam) : undefined;
  if (keyIdParam.startsWith('arn:')) {
    if (!parsed || parsed.service !== 'kms') throw kmsErrors.invalidKeyId(keyIdParam);
    if (parsed.region !== scope.region) throw kmsErrors.invalidArn(parsed.region);
    if (parsed.account !== scope.account) throw kmsErrors.keyDoesNotExist(keyIdParam);
  }
  const local = parsed ? parsed.resource : keyIdParam;
  if (local.startsWith('alias/')) {
    if (!allowAlias) throw kmsErrors.invalidKeyId(keyIdParam);
    const alias = store.alias(local);
    const key = alias && store.key(alias.targetKeyId);
    if (!key) throw kmsErrors.aliasNotFound(aliasArn(scope, local));
    return key;
  }
  const keyId = local.startsWith('key/') && parsed ? local.slice(4) : local;
  if (!KEY_ID.test(keyId) || (parsed && !local.startsWith('key/'))) throw kmsErrors.invalidKeyId(keyIdParam);
  const key = store.key(keyId);
  if (!key) throw kmsErrors.keyDoesNotExist(keyArn(scope, keyId));
  return key;
}
