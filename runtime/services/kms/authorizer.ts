import type { GrantOperation } from '@aws-sdk/client-kms';
import type { EncryptionContext as EncryptionContextType } from './crypto';
import type { IdentityStore } from '../../identity/identity-store';
import { parsePolicy, type PolicyDocument } from '../../identity/policy-document';
import { evaluateIdentityPolicies, evaluateResourcePolicy, type ContextValue, type Request } from '../../identity/policy-evaluator';
import { principalArnForConditions, userId, type Principal } from '../../identity/principal';
import type { Caller } from '../../core/operation';
import { kmsErrors } from './errors';
import type { Grant, KmsKey } from './model';

/** Request facts that KMS exposes as condition keys (https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html). */
export interface KmsRequestFacts {
  encryptionContext?: EncryptionContextType;
  encryptionAlgorithm?: string;
  grantOperations?: string[];
  granteePrincipal?: string;
  retiringPrincipal?: string;
  requestAlias?: string;
  resourceAliases?: string[];
  pendingWindowInDays?: number;
  rotationPeriodInDays?: number;
  bypassPolicyLockoutSafetyCheck?: boolean;
}

const GRANT_ACTIONS = new Set(['kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant', 'kms:RetireGrant']);

const parsedPolicies = new Map<string, PolicyDocument>();

function keyPolicy(key: KmsKey): PolicyDocument {
  let doc = parsedPolicies.get(key.policy);
  if (!doc) {
    doc = parsePolicy(key.policy, true);
    parsedPolicies.set(key.policy, doc);
  }
  return doc;
}

function requestContext(caller: Caller, action: string, key: KmsKey | undefined, facts: KmsRequestFacts, now: Date): Map<string, ContextValue> {
  const p = caller.principal;
  const ctx = new Map<string, ContextValue>([
    ['aws:principalarn', principalArnForConditions(p)],
    ['aws:principalaccount', p.account],
    ['aws:principaltype', p.kind === 'root' ? 'Account' : p.kind === 'assumed-role' ? 'AssumedRole' : 'Service'],
    ['aws:userid', userId(p)],
    ['aws:currenttime', now],
    ['aws:epochtime', String(Math.floor(now.getTime() / 1000))],
    ['aws:securetransport', false],
    ['kms:calleraccount', p.account],
  ]);
  if (caller.viaService) ctx.set('kms:viaservice', caller.viaService);
  if (GRANT_ACTIONS.has(action)) ctx.set('kms:grantisforawsresource', caller.viaService !== undefined);
  if (key) {
    ctx.set('kms:keyspec', key.keySpec);
    ctx.set('kms:keyusage', key.keyUsage);
    ctx.set('kms:keyorigin', 'AWS_KMS');
  }
  if (facts.encryptionContext) {
    const pairs = Object.entries(facts.encryptionContext);
    for (const [k, v] of pairs) ctx.set(`kms:encryptioncontext:${k.toLowerCase()}`, v);
    ctx.set('kms:encryptioncontextkeys', pairs.map(([k]) => k));
  }
  const optional: [string, ContextValue | undefined][] = [
    ['kms:encryptionalgorithm', facts.encryptionAlgorithm],
    ['kms:grantoperations', facts.grantOperations],
    ['kms:granteeprincipal', facts.granteePrincipal],
    ['kms:retiringprincipal', facts.retiringPrincipal],
    ['kms:requestalias', facts.requestAlias],
    ['kms:resourcealiases', facts.resourceAliases],
    ['kms:schedulekeydeletionpendingwindowindays', facts.pendingWindowInDays],
    ['kms:rotationperiodindays', facts.rotationPeriodInDays],
    ['kms:bypasspolicylockoutsafetycheck', facts.bypassPolicyLockoutSafetyCheck],
  ];
  for (const [k, v] of optional) if (v !== undefined) ctx.set(k, v);
  return ctx;
}

function granteeMatches(grant: Grant, p: Principal): boolean {
  if (p.kind === 'service') return grant.granteeServicePrincipal === p.service || grant.granteePrincipal === p.service;
  return grant.granteePrincipal === p.arn || (p.kind === 'assumed-role' && grant.granteePrincipal === p.roleArn);
}

/** Grant operations that take no encryption context, so grant constraints do not apply to them. */
const WITHOUT_ENCRYPTION_CONTEXT = new Set<string>(['DescribeKey', 'RetireGrant', 'GetPublicKey', 'Sign', 'Verify', 'GenerateMac', 'VerifyMac', 'DeriveSharedSecret']);

/**
 * Grant constraints apply only to operations that take an encryption context, i.e. cryptographic
 * operations with a symmetric key; in a constraint the context key is case-insensitive and the value
 * case-sensitive (https://docs.aws.amazon.com/kms/latest/APIReference/API_GrantConstraints.html).
 */
function constraintsHold(grant: Grant, key: KmsKey, operation: GrantOperation, context: EncryptionContextType | undefined): boolean {
  const c = grant.constraints;
  if (!c || WITHOUT_ENCRYPTION_CONTEXT.has(operation) || key.keySpec !== 'SYMMETRIC_DEFAULT') return true;
  const actual = new Map(Object.entries(context ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  const includes = (wanted: Record<string, string>) => Object.entries(wanted).every(([k, v]) => actual.get(k.toLowerCase()) === v);
  if (c.EncryptionContextEquals && !(includes(c.EncryptionContextEquals) && Object.keys(c.EncryptionContextEquals).length === actual.size)) return false;
  if (c.EncryptionContextSubset && !includes(c.EncryptionContextSubset)) return false;
  return true;
}

/** The grant on `key` that lets `principal` perform `operation`, if any. */
function findGrant(key: KmsKey, p: Principal, operation: GrantOperation, context: EncryptionContextType | undefined): Grant | undefined {
  return key.grants.find((g) => granteeMatches(g, p) && g.operations.includes(operation) && constraintsHold(g, key, operation, context));
}

const denial = (p: Principal, action: string, resource: string, reason: string) =>
  kmsErrors.accessDenied(`User: ${p.arn} is not authorized to perform: ${action} on resource: ${resource} ${reason}`);

/**
 * Authorizes a KMS call, following the KMS authorization model
 * (https://docs.aws.amazon.com/kms/latest/developerguide/control-access.html):
 * an explicit deny anywhere wins; otherwise the key policy must allow the principal itself, or allow
 * the account — which delegates to the caller's identity policies; a matching grant also allows.
 * Throws AccessDeniedException with AWS's message shapes.
 */
export function authorizeKeyAction(identity: IdentityStore, caller: Caller, action: string, key: KmsKey, facts: KmsRequestFacts, now: Date): void {
  const p = caller.principal;
  const req: Request = { action, resource: key.arn, principal: p, context: requestContext(caller, action, key, facts, now) };
  const resource = evaluateResourcePolicy(keyPolicy(key), req);
  if (resource.explicitDeny) throw denial(p, action, key.arn, 'with an explicit deny in a resource-based policy');
  const ident = p.kind === 'root' ? { explicitDeny: false, allowed: true } : evaluateIdentityPolicies(identity.identityPolicies(p), req);
  if (ident.explicitDeny) throw denial(p, action, key.arn, 'with an explicit deny in an identity-based policy');
  if (resource.allowsPrincipal || (resource.allowsAccount && ident.allowed)) return;
  const grantOperation = action.slice('kms:'.length) as GrantOperation;
  if (findGrant(key, p, grantOperation, facts.encryptionContext)) return;
  const reason = resource.allowsAccount ? 'no identity-based policy' : 'no resource-based policy';
  throw denial(p, action, key.arn, `because ${reason} allows the ${action} action`);
}

/** Actions that exist only in IAM policies (CreateKey, ListKeys, ListAliases, GenerateRandom). */
export function authorizeAccountAction(identity: IdentityStore, caller: Caller, action: string, now: Date, facts: KmsRequestFacts = {}): void {
  const p = caller.principal;
  if (p.kind === 'root') return;
  const req: Request = { action, resource: '*', principal: p, context: requestContext(caller, action, undefined, facts, now) };
  const decision = evaluateIdentityPolicies(identity.identityPolicies(p), req);
  if (decision.explicitDeny) throw denial(p, action, '*', 'with an explicit deny in an identity-based policy');
  if (!decision.allowed) throw denial(p, action, '*', `because no identity-based policy allows the ${action} action`);
}

/** Whether `caller` could call `action` on a key governed by `policyText` (the lockout safety check). */
export function policyWouldAllow(identity: IdentityStore, caller: Caller, action: string, key: KmsKey, policyText: string, now: Date): boolean {
  try {
    authorizeKeyAction(identity, caller, action, { ...key, policy: policyText, grants: [] }, {}, now);
    return true;
  } catch {
    return false;
  }
}
