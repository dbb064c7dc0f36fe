import { parseArn } from '../../core/arn';
import type { CallContext } from '../../core/operation';
import { asArray, parsePolicy, PolicySyntaxError } from '../../identity/policy-document';
import { policyWouldAllow } from './authorizer';
import { kmsErrors } from './errors';
import type { Kms } from './kms';
import type { KmsKey } from './model';

/** The policy KMS attaches when CreateKey has none: the account root may do everything (delegation to IAM). */
export const defaultKeyPolicy = (account: string): string =>
  JSON.stringify({
    Version: '2012-10-17',
    Id: 'key-default-1',
    Statement: [{ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'kms:*', Resource: '*' }],
  });

/**
 * Checks a key policy as KMS does before storing it: valid JSON and grammar, principals that exist,
 * and — unless bypassed — that the caller could still change the policy afterwards (the lockout safety check).
 */
export function checkKeyPolicy(kms: Kms, ctx: CallContext, policy: string, key: KmsKey, bypassLockoutCheck: boolean): void {
  let doc;
  try {
    doc = parsePolicy(policy, true);
  } catch (e) {
    if (e instanceof PolicySyntaxError) throw kmsErrors.malformedPolicy(`${e.message}.`.replace('..', '.'));
    throw e;
  }
  for (const statement of doc.Statement) {
    const block = statement.Principal ?? statement.NotPrincipal;
    const awsPrincipals = block && block !== '*' ? asArray(block.AWS) : [];
    if (awsPrincipals.some((p) => !principalExists(kms, p))) {
      throw kmsErrors.malformedPolicy('Policy contains a statement with one or more invalid principals.');
    }
  }
  if (!bypassLockoutCheck && !policyWouldAllow(kms.identity, ctx.caller, 'kms:PutKeyPolicy', key, policy, kms.now())) {
    throw kmsErrors.malformedPolicy('The new key policy will not allow you to update the key policy in the future.');
  }
}

/** Principals of this account must exist; other accounts' principals cannot be checked locally and are accepted. */
function principalExists(kms: Kms, principal: string): boolean {
  if (principal === '*' || /^\d{12}$/.test(principal)) return true;
  const arn = parseArn(principal);
  if (!arn) return false;
  if (arn.account !== kms.scope.account) return true;
  if (arn.service === 'iam' && arn.resource === 'root') return true;
  if (arn.service === 'iam' && arn.resource.startsWith('role/')) return kms.identity.getRole(principal) !== undefined;
  if (arn.service === 'sts' && arn.resource.startsWith('assumed-role/')) return kms.identity.getRole(arn.resource.split('/')[1]) !== undefined;
  return false;
}
