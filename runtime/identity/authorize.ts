import type { ServiceError } from '../core/errors';
import type { IdentityStore } from './identity-store';
import { evaluateIdentityPolicies, type IdentityDecision, type RequestContext } from './policy-evaluator';
import type { Principal } from './principal';

/**
 * Authorization by the caller's identity-based policies, for every service but KMS (whose key policies
 * need an authorizer of their own).
 *
 * - **The account root** may do anything in its account: it has no identity policies and needs none
 *   (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user.html).
 * - **A role session** needs a policy of its role that allows the action on the resource, and none that
 *   denies it (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html).
 * - **A service principal** (an AWS service acting as itself: `lambda.amazonaws.com` polling a stream,
 *   `qldb.amazonaws.com` using its grant) has no identity policies either: on AWS only a resource-based
 *   policy can allow it. So the rule follows the resource type, and each caller states it:
 *   - `servicePrincipals: 'pass'` where the resource has a resource-based policy that keydrill stores but
 *     does not evaluate (SQS queue policies, Lambda function policies, Kinesis stream policies). keydrill
 *     takes the template's policy to allow the services it wires together, as deploying it on AWS would.
 *   - `servicePrincipals: 'deny'` where the resource type has no resource-based policy (QLDB ledgers and
 *     their tables), so nothing could allow a service, or where the caller evaluates that policy itself
 *     and combines it with this decision (STS's trust policies).
 */
export interface IdentityRule {
  servicePrincipals: 'pass' | 'deny';
  /** Condition keys of the request, lower-cased (none by default). */
  context?: RequestContext;
}

/** The identity-policy decision for `principal` doing `action` on `resource`, under the rules above. */
export function identityDecision(identity: IdentityStore, principal: Principal, action: string, resource: string, rule: IdentityRule): IdentityDecision {
  if (principal.kind === 'root' || (principal.kind === 'service' && rule.servicePrincipals === 'pass')) return { explicitDeny: false, allowed: true };
  return evaluateIdentityPolicies(identity.identityPolicies(principal), { action, resource, principal, context: rule.context ?? new Map() });
}

export function identityAllows(identity: IdentityStore, principal: Principal, action: string, resource: string, rule: IdentityRule): boolean {
  const decision = identityDecision(identity, principal, action, resource, rule);
  return !decision.explicitDeny && decision.allowed;
}

export interface RequireOptions extends IdentityRule {
  /** The service's AccessDenied error, given AWS's sentence. */
  deny: (message: string) => ServiceError;
  /** SQS names the action in lower case in its denial (`sqs:sendmessage`); the others as called. */
  lowerCaseAction?: boolean;
}

/** Throws the service's AccessDenied error, in AWS's words, unless the identity rule allows the call. */
export function requireIdentityAllows(identity: IdentityStore, principal: Principal, action: string, resource: string, options: RequireOptions): void {
  if (identityAllows(identity, principal, action, resource, options)) return;
  const named = options.lowerCaseAction ? action.toLowerCase() : action;
  throw options.deny(`User: ${principal.arn} is not authorized to perform: ${named} on resource: ${resource} because no identity-based policy allows the ${named} action`);
}
