import type { RetireGrantRequest } from '@aws-sdk/client-kms';
import { kmsErrors } from '../errors';
import { dryRun, grantId, keyIdType } from '../inputs';
import { resolveKey } from '../key-resolution';
import { operation } from '../kms';
import type { Grant, KmsKey } from '../model';

/**
 * RetireGrant is authorized by the grant itself, not by policies: the retiring principal, the grantee
 * when the grant includes RetireGrant, or the account that issued it
 * (https://docs.aws.amazon.com/kms/latest/developerguide/grant-manage.html#grant-delete).
 */
export const retireGrant = operation<RetireGrantRequest, Record<string, never>>({
  name: 'RetireGrant',
  input: { GrantToken: { type: 'string', min: 1, max: 8192 }, KeyId: keyIdType(false), GrantId: grantId, DryRun: dryRun },
  run(kms, input, ctx) {
    kms.applyDueChanges();
    let found: { key: KmsKey; grant: Grant } | undefined;
    if (input.GrantToken) {
      for (const key of kms.store.keys()) {
        const grant = key.grants.find((g) => g.grantToken === input.GrantToken);
        if (grant) found = { key, grant };
      }
      if (!found) throw kmsErrors.invalidGrantToken();
    } else {
      if (!input.KeyId || !input.GrantId) throw kmsErrors.validation('Either GrantToken, or both KeyId and GrantId, must be specified');
      const key = resolveKey(kms.store, kms.scope, input.KeyId, false);
      const grant = key.grants.find((g) => g.grantId === input.GrantId);
      if (!grant) throw kmsErrors.invalidGrantId();
      found = { key, grant };
    }
    const { key, grant } = found;
    const p = ctx.caller.principal;
    const isCaller = (principal?: string) => principal !== undefined && (principal === p.arn || (p.kind === 'assumed-role' && principal === p.roleArn));
    const allowed =
      isCaller(grant.retiringPrincipal) ||
      (isCaller(grant.granteePrincipal) && grant.operations.includes('RetireGrant')) ||
      (p.kind === 'root' && grant.issuingAccount === p.arn);
    if (!allowed) {
      throw kmsErrors.accessDenied(`User: ${p.arn} is not authorized to perform: kms:RetireGrant on resource: ${key.arn} because the grant does not allow it`);
    }
    if (input.DryRun) throw kmsErrors.dryRun();
    key.grants = key.grants.filter((g) => g !== grant);
    kms.store.commit();
    kms.recordApiCall(ctx, 'RetireGrant', key, { keyId: key.arn, grantId: grant.grantId });
    return {};
  },
});
