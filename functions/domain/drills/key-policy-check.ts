/**
 * A dry run's judgement of whether a key policy lets a principal call an action, for the KMS management calls
 * that have no DryRun parameter (https://docs.aws.amazon.com/kms/latest/developerguide/programming-dryrun.html).
 * It reads only the key policy: an Allow naming the principal (or the account root, which delegates to IAM) with a
 * matching action, and no Deny naming it. Conditions are not evaluated; a statement with conditions counts as
 * allowing, since the calls a drill makes meet the drill keys' conditions or come through QLDB.
 */

interface Statement {
  Effect?: string;
  Principal?: '*' | { AWS?: string | string[] };
  Action?: string | string[];
}

const list = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** IAM's action wildcards: `*` any run of characters, `?` one; case-insensitive. */
const actionMatches = (pattern: string, action: string) =>
  new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i').test(action);

const names = (s: Statement, principals: readonly string[]) => s.Principal === '*' || list(s.Principal?.AWS).some((p) => p === '*' || principals.includes(p));

export function keyPolicyAllows(policyJson: string, principals: readonly string[], action: string): boolean {
  const statements = list((JSON.parse(policyJson) as { Statement?: Statement | Statement[] }).Statement as never) as unknown as Statement[];
  const applies = (s: Statement) => names(s, principals) && list(s.Action).some((a) => actionMatches(a, action));
  if (statements.some((s) => s.Effect === 'Deny' && applies(s))) return false;
  return statements.some((s) => s.Effect === 'Allow' && applies(s));
}
