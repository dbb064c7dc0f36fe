import { parseArn } from '../../core/arn';
import { defineOperation, type CallContext } from '../../core/operation';
import { page } from '../../core/paging';
import type { IdentityStore, ManagedPolicy, Role } from '../../identity/identity-store';
import { asArray, type PolicyDocument } from '../../identity/policy-document';
import { identityDecision } from '../../identity/authorize';
import { iamErrors } from './errors';
import { compactSize, parsePolicyText, QUOTAS } from './policy-text';

/** IAM's MaxItems when a list call gives none. */
const DEFAULT_MAX_ITEMS = 100;

/**
 * One page of an IAM list: up to MaxItems items after the Marker, with IsTruncated and the next Marker.
 * Our Marker encodes the offset of the next item; one we did not issue is refused.
 */
export function listPage<T>(items: T[], { Marker, MaxItems }: { Marker?: string; MaxItems?: number }) {
  const { items: listed, next } = page(items, Marker, MaxItems ?? DEFAULT_MAX_ITEMS, iamErrors.invalidMarker);
  return { items: listed, IsTruncated: next !== undefined, ...(next ? { Marker: next } : {}) };
}

/** Lists are kept in name order, so the offset a Marker encodes names the same place on the next call. */
export const byName = <T>(name: (item: T) => string) => (a: T, b: T) => (name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : 0);

/**
 * The state every IAM operation works on, and the steps they share. IAM keeps no state of its own: roles and
 * customer managed policies live in the identity store, where STS, the authorizers and the bootstrap read them.
 */
export class Iam {
  constructor(readonly identity: IdentityStore) {}

  /**
   * The administrator may do anything; every other caller needs an identity policy allowing `action` on
   * `resource`. `shown` is the resource as IAM names it in the denial (`role <name>`, `policy <arn>`).
   */
  authorize(ctx: CallContext, action: string, resource: string, shown = resource): void {
    const p = ctx.caller.principal;
    // IAM roles and policies have no resource-based policy, so nothing could allow a service principal.
    const decision = identityDecision(this.identity, p, action, resource, { servicePrincipals: 'deny' });
    if (decision.explicitDeny) throw iamErrors.accessDenied(p.arn, action, shown, 'with an explicit deny in an identity-based policy');
    if (!decision.allowed) throw iamErrors.accessDenied(p.arn, action, shown, `because no identity-based policy allows the ${action} action`);
  }

  /** Authorizes `action` on the role `name` (by its ARN, path included, when it exists), then returns the role. */
  roleFor(ctx: CallContext, action: string, name: string): Role {
    const role = this.identity.getRole(name);
    this.authorize(ctx, action, role?.arn ?? this.identity.roleArn(name), `role ${name}`);
    if (!role) throw iamErrors.noSuchRole(name);
    return role;
  }

  /** As `roleFor`, for a change: the deployed stack's roles change only by redeploying. */
  modifiableRoleFor(ctx: CallContext, action: string, name: string): Role {
    const role = this.roleFor(ctx, action, name);
    if (role.owner === 'stack') throw iamErrors.stackRole(role.name);
    return role;
  }

  /** Authorizes `action` on the policy ARN, then returns the customer managed policy it names. */
  policyFor(ctx: CallContext, action: string, policyArn: string): ManagedPolicy {
    this.authorize(ctx, action, policyArn, `policy ${policyArn}`);
    const policy = this.identity.getManagedPolicy(policyArn);
    if (!policy) throw iamErrors.noSuchPolicy(policyArn);
    return policy;
  }

  /**
   * A trust policy, checked as IAM checks it: a role it names in this account must exist (IAM resolves role
   * principals to their unique ids when the policy is saved).
   */
  trustPolicy(text: string): PolicyDocument {
    const doc = parsePolicyText(text, 'trust');
    if (compactSize(doc) > QUOTAS.trustPolicyChars) throw iamErrors.quotaExceeded('ACLSizePerRole', QUOTAS.trustPolicyChars);
    for (const statement of doc.Statement) {
      const principal = statement.Principal ?? statement.NotPrincipal;
      if (principal === undefined || principal === '*') continue;
      for (const value of asArray(principal.AWS)) {
        const parsed = parseArn(value);
        const namesRoleHere = parsed?.service === 'iam' && parsed.account === this.identity.account && parsed.resource.startsWith('role/');
        if (namesRoleHere && !this.identity.getRole(value)) throw iamErrors.invalidPrincipal('AWS', value);
      }
    }
    return doc;
  }
}

/** Declares an IAM operation; its input and output types come from @aws-sdk/client-iam (types only). */
export const operation = defineOperation<Iam>();
