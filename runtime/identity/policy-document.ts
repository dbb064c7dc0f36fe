/**
 * IAM policy documents: parsing, validation and the shapes the evaluator uses.
 * Parsing is strict where AWS is (an unknown condition operator or a statement without Effect makes
 * the document malformed) so a policy KMS would refuse never gets stored.
 */
export type OneOrMany<T> = T | T[];

export interface PrincipalBlock {
  AWS?: OneOrMany<string>;
  Service?: OneOrMany<string>;
  Federated?: OneOrMany<string>;
  CanonicalUser?: OneOrMany<string>;
}

export type ConditionBlock = Record<string, Record<string, OneOrMany<string | number | boolean>>>;

export interface PolicyStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Principal?: '*' | PrincipalBlock;
  NotPrincipal?: '*' | PrincipalBlock;
  Action?: OneOrMany<string>;
  NotAction?: OneOrMany<string>;
  Resource?: OneOrMany<string>;
  NotResource?: OneOrMany<string>;
  Condition?: ConditionBlock;
}

export interface PolicyDocument {
  Version?: string;
  Id?: string;
  Statement: PolicyStatement[];
}

export class PolicySyntaxError extends Error {
  override name = 'PolicySyntaxError';
}

const CONDITION_OPERATORS = new Set(
  [
    'StringEquals', 'StringNotEquals', 'StringEqualsIgnoreCase', 'StringNotEqualsIgnoreCase', 'StringLike', 'StringNotLike',
    'NumericEquals', 'NumericNotEquals', 'NumericLessThan', 'NumericLessThanEquals', 'NumericGreaterThan', 'NumericGreaterThanEquals',
    'DateEquals', 'DateNotEquals', 'DateLessThan', 'DateLessThanEquals', 'DateGreaterThan', 'DateGreaterThanEquals',
    'Bool', 'BinaryEquals', 'IpAddress', 'NotIpAddress', 'ArnEquals', 'ArnLike', 'ArnNotEquals', 'ArnNotLike', 'Null',
  ].map((o) => o.toLowerCase()),
);

/** Splits `ForAnyValue:StringLikeIfExists` into its parts; `undefined` when the operator is unknown. */
export function parseOperator(raw: string): { set?: 'any' | 'all'; base: string; ifExists: boolean } | undefined {
  let rest = raw;
  let set: 'any' | 'all' | undefined;
  const lower = () => rest.toLowerCase();
  if (lower().startsWith('foranyvalue:')) [set, rest] = ['any', rest.slice(12)];
  else if (lower().startsWith('forallvalues:')) [set, rest] = ['all', rest.slice(13)];
  let ifExists = false;
  if (lower().endsWith('ifexists')) [ifExists, rest] = [true, rest.slice(0, -8)];
  const base = lower();
  // IAM allows IfExists on every operator but Null (a Null check is already about existence).
  if (ifExists && base === 'null') return undefined;
  return CONDITION_OPERATORS.has(base) ? { set, base, ifExists } : undefined;
}

export const asArray = <T>(v: OneOrMany<T> | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** Parses and checks a policy; `requirePrincipal` is true for resource policies (key policies, trust policies). */
export function parsePolicy(input: string | object, requirePrincipal: boolean): PolicyDocument {
  let raw: unknown = input;
  if (typeof input === 'string') {
    try {
      raw = JSON.parse(input);
    } catch {
      throw new PolicySyntaxError('The policy is not valid JSON');
    }
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new PolicySyntaxError('The policy must be a JSON object');
  const doc = raw as { Version?: unknown; Id?: unknown; Statement?: unknown };
  if (doc.Version !== undefined && doc.Version !== '2012-10-17' && doc.Version !== '2008-10-17') {
    throw new PolicySyntaxError(`Unsupported policy version ${String(doc.Version)}`);
  }
  const statements = asArray(doc.Statement as OneOrMany<unknown> | undefined);
  if (statements.length === 0) throw new PolicySyntaxError('The policy has no statements');
  return { ...(doc as object), Statement: statements.map((s) => checkStatement(s, requirePrincipal)) } as PolicyDocument;
}

function checkStatement(raw: unknown, requirePrincipal: boolean): PolicyStatement {
  if (typeof raw !== 'object' || raw === null) throw new PolicySyntaxError('A statement must be a JSON object');
  const s = raw as PolicyStatement;
  if (s.Effect !== 'Allow' && s.Effect !== 'Deny') throw new PolicySyntaxError('A statement must have Effect Allow or Deny');
  if (!s.Action === !s.NotAction) throw new PolicySyntaxError('A statement must have exactly one of Action and NotAction');
  if (requirePrincipal && !s.Principal && !s.NotPrincipal) throw new PolicySyntaxError('Policy contains a statement with no principal');
  if (!requirePrincipal && (s.Principal || s.NotPrincipal)) throw new PolicySyntaxError('Identity policies must not name a principal');
  for (const op of Object.keys(s.Condition ?? {})) {
    if (!parseOperator(op)) throw new PolicySyntaxError(`Unknown condition operator ${op}`);
  }
  return s;
}
