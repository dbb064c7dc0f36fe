import { accountRootArn, parseArn } from '../core/arn';
import { asArray, parseOperator, type PolicyDocument, type PolicyStatement, type PrincipalBlock } from './policy-document';
import type { Principal } from './principal';

/**
 * IAM policy evaluation for the runtime's authorizers.
 *
 * Written here rather than taken from @cloud-copilot/iam-simulate (the maintained simulator) because
 * that library is AGPL-3.0, which this project cannot take on. The rules implemented are IAM's
 * documented evaluation logic: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 */

/** Request-context values, keyed by lower-cased condition key (IAM condition keys are case-insensitive). */
export type ContextValue = string | boolean | number | Date | readonly string[];
export type RequestContext = ReadonlyMap<string, ContextValue>;

export interface Request {
  action: string;
  resource: string;
  principal: Principal;
  context: RequestContext;
}

export interface IdentityDecision {
  explicitDeny: boolean;
  allowed: boolean;
}

export interface ResourcePolicyDecision {
  explicitDeny: boolean;
  /** A statement names the caller itself (or `*`): no identity policy is needed. */
  allowsPrincipal: boolean;
  /** A statement names the caller's account: the account delegates the decision to its identity policies. */
  allowsAccount: boolean;
}

/** `*` and `?` wildcards, as in Action, Resource and *Like conditions. */
export function wildcardMatch(pattern: string, value: string, ignoreCase = false): boolean {
  const p = ignoreCase ? pattern.toLowerCase() : pattern;
  const v = ignoreCase ? value.toLowerCase() : value;
  if (!p.includes('*') && !p.includes('?')) return p === v;
  const re = new RegExp(`^${p.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 's');
  return re.test(v);
}

const matchesAny = (patterns: string[], value: string, ignoreCase: boolean) => patterns.some((p) => wildcardMatch(p, value, ignoreCase));

function actionMatches(s: PolicyStatement, action: string): boolean {
  if (s.Action !== undefined) return matchesAny(asArray(s.Action), action, true);
  return !matchesAny(asArray(s.NotAction), action, true);
}

function resourceMatches(s: PolicyStatement, resource: string): boolean {
  if (s.Resource === undefined && s.NotResource === undefined) return true; // resource policies may omit it
  if (s.Resource !== undefined) return matchesAny(asArray(s.Resource), resource, false);
  return !matchesAny(asArray(s.NotResource), resource, false);
}

type PrincipalMatch = 'principal' | 'account' | 'none';

/** How a Principal block relates to the caller: names it, names its account, or neither. */
function principalMatch(block: '*' | PrincipalBlock, p: Principal): PrincipalMatch {
  if (block === '*') return 'principal';
  let best: PrincipalMatch = 'none';
  for (const value of asArray(block.AWS)) {
    if (value === '*') return 'principal';
    const account = /^\d{12}$/.test(value) ? value : rootAccountOf(value);
    if (account !== undefined) {
      if (account === p.account && p.kind === 'root') return 'principal';
      if (account === p.account && p.kind !== 'service') best = 'account';
      continue;
    }
    if (value === p.arn) return 'principal';
    if (p.kind === 'assumed-role' && value === p.roleArn) return 'principal';
  }
  if (p.kind === 'service' && asArray(block.Service).includes(p.service)) return 'principal';
  return best;
}

function rootAccountOf(arn: string): string | undefined {
  const parsed = parseArn(arn);
  return parsed && parsed.service === 'iam' && parsed.resource === 'root' ? parsed.account : undefined;
}

/**
 * Whether a NotPrincipal block exempts the caller. AWS may evaluate a request at every level of the
 * caller's identity — account, then role, then session — so a session is exempt only when all three are
 * listed, as the IAM guide tells policy authors to do:
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html
 */
function notPrincipalExempts(block: '*' | PrincipalBlock, p: Principal): boolean {
  if (block === '*') return true;
  if (p.kind === 'service') return asArray(block.Service).includes(p.service);
  const listed = asArray(block.AWS);
  if (listed.includes('*')) return true;
  const accountListed = listed.includes(p.account) || listed.includes(accountRootArn(p.account));
  if (p.kind === 'root') return accountListed;
  return accountListed && listed.includes(p.roleArn) && listed.includes(p.arn);
}

function statementPrincipalMatch(s: PolicyStatement, p: Principal): PrincipalMatch {
  if (s.Principal !== undefined) return principalMatch(s.Principal, p);
  if (s.NotPrincipal !== undefined) return notPrincipalExempts(s.NotPrincipal, p) ? 'none' : 'principal';
  return 'principal';
}

// ---- conditions -------------------------------------------------------------------------------

const toStrings = (v: ContextValue): string[] =>
  Array.isArray(v) ? [...v] : [v instanceof Date ? v.toISOString() : String(v)];

function compareSingle(base: string, policyValue: string, requestValue: string): boolean {
  switch (base) {
    case 'stringequals':
    case 'stringnotequals':
    case 'binaryequals':
      return policyValue === requestValue;
    case 'stringequalsignorecase':
    case 'stringnotequalsignorecase':
      return policyValue.toLowerCase() === requestValue.toLowerCase();
    case 'stringlike':
    case 'stringnotlike':
      return wildcardMatch(policyValue, requestValue);
    case 'arnequals':
    case 'arnnotequals':
    case 'arnlike':
    case 'arnnotlike':
      return arnMatches(policyValue, requestValue);
    case 'bool':
      return policyValue.toLowerCase() === requestValue.toLowerCase();
    case 'numericequals':
    case 'numericnotequals':
      return Number(requestValue) === Number(policyValue);
    case 'numericlessthan':
      return Number(requestValue) < Number(policyValue);
    case 'numericlessthanequals':
      return Number(requestValue) <= Number(policyValue);
    case 'numericgreaterthan':
      return Number(requestValue) > Number(policyValue);
    case 'numericgreaterthanequals':
      return Number(requestValue) >= Number(policyValue);
    default:
      return compareDates(base, policyValue, requestValue);
  }
}

/** The six colon-separated parts of an ARN; the resource part keeps any further colons. */
function arnParts(value: string): string[] | undefined {
  const parts = value.split(':');
  return parts.length < 6 ? undefined : [...parts.slice(0, 5), parts.slice(5).join(':')];
}

/**
 * ArnEquals and ArnLike are the same operator: each of the six ARN parts is matched on its own, with
 * wildcards that cannot span a colon, case-sensitively; a value that is not a whole ARN never matches.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_ARN
 */
function arnMatches(policyValue: string, requestValue: string): boolean {
  const [pattern, value] = [arnParts(policyValue), arnParts(requestValue)];
  return pattern !== undefined && value !== undefined && pattern.every((part, i) => wildcardMatch(part, value[i]));
}

function compareDates(base: string, policyValue: string, requestValue: string): boolean {
  const asTime = (s: string) => (/^\d+$/.test(s) ? Number(s) * 1000 : Date.parse(s));
  const [a, b] = [asTime(requestValue), asTime(policyValue)];
  switch (base) {
    case 'dateequals':
    case 'datenotequals':
      return a === b;
    case 'datelessthan':
      return a < b;
    case 'datelessthanequals':
      return a <= b;
    case 'dategreaterthan':
      return a > b;
    case 'dategreaterthanequals':
      return a >= b;
    default:
      // IpAddress/NotIpAddress: no request in the runtime carries a source IP, so they never match.
      return false;
  }
}

const isNegated = (base: string) => base.includes('not');

function conditionHolds(operator: string, key: string, values: string[], context: RequestContext): boolean {
  const op = parseOperator(operator);
  if (!op) return false;
  const present = context.get(key.toLowerCase());
  if (op.base === 'null') {
    const absent = present === undefined || (Array.isArray(present) && present.length === 0);
    return values.some((v) => String(v).toLowerCase() === String(absent));
  }
  if (present === undefined) {
    if (op.ifExists || op.set === 'all') return true;
    // A negated operator on a missing key matches: nothing in the request equals the policy value.
    return op.set === undefined && isNegated(op.base);
  }
  const requestValues = toStrings(present);
  // Several policy values are OR-ed; a negated operator holds when the value matches none of them.
  const matchesOne = (rv: string) => values.some((pv) => compareSingle(op.base, pv, rv));
  const test = (rv: string) => (isNegated(op.base) ? !matchesOne(rv) : matchesOne(rv));
  if (op.set === 'all') return requestValues.every(test);
  return requestValues.some(test);
}

function conditionsHold(s: PolicyStatement, context: RequestContext): boolean {
  for (const [operator, entries] of Object.entries(s.Condition ?? {})) {
    for (const [key, raw] of Object.entries(entries)) {
      if (!conditionHolds(operator, key, asArray(raw).map(String), context)) return false;
    }
  }
  return true;
}

// ---- evaluation -------------------------------------------------------------------------------

const applies = (s: PolicyStatement, req: Request) =>
  actionMatches(s, req.action) && resourceMatches(s, req.resource) && conditionsHold(s, req.context);

/** Evaluates the caller's identity-based policies. */
export function evaluateIdentityPolicies(policies: readonly PolicyDocument[], req: Request): IdentityDecision {
  let allowed = false;
  for (const doc of policies) {
    for (const s of doc.Statement) {
      if (!applies(s, req)) continue;
      if (s.Effect === 'Deny') return { explicitDeny: true, allowed: false };
      allowed = true;
    }
  }
  return { explicitDeny: false, allowed };
}

/** Evaluates a resource-based policy (a key policy, a trust policy) for the caller. */
export function evaluateResourcePolicy(doc: PolicyDocument, req: Request): ResourcePolicyDecision {
  const decision: ResourcePolicyDecision = { explicitDeny: false, allowsPrincipal: false, allowsAccount: false };
  for (const s of doc.Statement) {
    const match = statementPrincipalMatch(s, req.principal);
    if (match === 'none' || !applies(s, req)) continue;
    if (s.Effect === 'Deny') decision.explicitDeny = true;
    else if (match === 'principal') decision.allowsPrincipal = true;
    else decision.allowsAccount = true;
  }
  return decision;
}
