import { asArray, parsePolicy, PolicySyntaxError, type PolicyDocument } from '../../identity/policy-document';
import { iamErrors } from './errors';

/**
 * IAM's quotas on policies: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
 * Sizes are characters without white space, as IAM counts them.
 */
export const QUOTAS = {
  trustPolicyChars: 2048,
  /** All inline policies of one role together. */
  inlinePoliciesPerRoleChars: 10240,
  managedPolicyChars: 6144,
  managedPoliciesPerRole: 10,
};

export const compactSize = (doc: PolicyDocument): number => JSON.stringify(doc).length;

/** Trust policies must name principals; identity policies (inline and managed) must not. */
export type PolicyKind = 'trust' | 'identity';

/** A policy document as IAM receives it (JSON text), checked by the runtime's policy parser with IAM's errors. */
export function parsePolicyText(text: string, kind: PolicyKind): PolicyDocument {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw iamErrors.invalidJson();
  }
  try {
    return parsePolicy(raw as object, kind === 'trust');
  } catch (e) {
    if (e instanceof PolicySyntaxError) throw refusal(raw, kind);
    throw e;
  }
}

/** IAM tells a misplaced or missing principal apart from every other mistake, which is one "Syntax errors". */
function refusal(raw: unknown, kind: PolicyKind) {
  const statements = asArray((raw as { Statement?: unknown } | null)?.Statement);
  const namesPrincipal = (s: unknown) => {
    const statement = s as { Principal?: unknown; NotPrincipal?: unknown } | null;
    return Boolean(statement?.Principal || statement?.NotPrincipal);
  };
  if (kind === 'identity' && statements.some(namesPrincipal)) return iamErrors.principalNotAllowed();
  if (kind === 'trust' && statements.some((s) => !namesPrincipal(s))) return iamErrors.principalMissing();
  return iamErrors.syntaxErrors();
}
