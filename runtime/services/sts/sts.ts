import type { AssumeRoleRequest, AssumeRoleResponse, GetCallerIdentityResponse } from '@aws-sdk/client-sts';
import type { Clock } from '../../core/clock';
import { ServiceError } from '../../core/errors';
import { OperationTable, type OperationDefinition } from '../../core/operation';
import { maxSessionSeconds, type IdentityStore } from '../../identity/identity-store';
import { evaluateIdentityPolicies, evaluateResourcePolicy, type Request } from '../../identity/policy-evaluator';
import { principalArnForConditions, userId } from '../../identity/principal';

export interface Sts {
  identity: IdentityStore;
  clock: Clock;
}

/** AssumeRole's default DurationSeconds, and the cap on a chained role session. */
export const MAX_SESSION_SECONDS = 3600;

const accessDenied = (message: string) => new ServiceError('AccessDenied', message, 403);

const getCallerIdentity: OperationDefinition<Sts, object, GetCallerIdentityResponse> = {
  name: 'GetCallerIdentity',
  input: {},
  run(_sts, _input, ctx) {
    const p = ctx.caller.principal;
    return { UserId: userId(p), Account: p.account, Arn: p.arn };
  },
};

/**
 * AssumeRole honours the role's trust policy: a statement naming the caller allows it outright;
 * one naming the caller's account delegates to the caller's identity policies (sts:AssumeRole).
 */
const assumeRole: OperationDefinition<Sts, AssumeRoleRequest, AssumeRoleResponse> = {
  name: 'AssumeRole',
  input: {
    RoleArn: { type: 'string', required: true, min: 20, max: 2048 },
    RoleSessionName: { type: 'string', required: true, min: 2, max: 64, pattern: /^[\w+=,.@-]*$/ },
    DurationSeconds: { type: 'integer', min: 900, max: 43200 },
    Policy: { type: 'string', min: 1, max: 2048 },
    ExternalId: { type: 'string', min: 2, max: 1224 },
  },
  run(sts, input, ctx) {
    const p = ctx.caller.principal;
    const denied = accessDenied(`User: ${p.arn} is not authorized to perform: sts:AssumeRole on resource: ${input.RoleArn}`);
    const role = sts.identity.getRole(input.RoleArn!);
    if (!role) throw denied;
    const context = new Map<string, string>([['aws:principalarn', principalArnForConditions(p)], ['aws:principalaccount', p.account]]);
    if (input.ExternalId) context.set('sts:externalid', input.ExternalId);
    const req: Request = { action: 'sts:AssumeRole', resource: role.arn, principal: p, context };
    const trust = evaluateResourcePolicy(role.trustPolicy, req);
    const identity = p.kind === 'root' ? { explicitDeny: false, allowed: true } : evaluateIdentityPolicies(sts.identity.identityPolicies(p), req);
    if (trust.explicitDeny || identity.explicitDeny) throw denied;
    if (!trust.allowsPrincipal && !(trust.allowsAccount && identity.allowed)) throw denied;
    const duration = input.DurationSeconds ?? MAX_SESSION_SECONDS;
    if (duration > (p.kind === 'assumed-role' ? MAX_SESSION_SECONDS : maxSessionSeconds(role))) {
      // Role chaining (a role session assuming a role) is capped at one hour whatever the role allows,
      // and STS says so in its own words: https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html#iam-term-role-chaining
      const message =
        p.kind === 'assumed-role'
          ? 'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.'
          : 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.';
      throw new ServiceError('ValidationError', message, 400);
    }
    if (input.Policy) throw new ServiceError('ValidationError', 'keydrill does not support session policies (Policy)', 400);
    const expiration = new Date(sts.clock.now().getTime() + duration * 1000);
    const creds = sts.identity.issueSession(role.name, input.RoleSessionName!, expiration);
    const session = sts.identity.sessionPrincipal(role, input.RoleSessionName!);
    return {
      Credentials: { AccessKeyId: creds.accessKeyId, SecretAccessKey: creds.secretAccessKey, SessionToken: creds.sessionToken!, Expiration: expiration },
      AssumedRoleUser: { AssumedRoleId: userId(session), Arn: session.arn },
    };
  },
};

export const createStsService = (sts: Sts) => new OperationTable<Sts>('sts', sts, [assumeRole, getCallerIdentity]);
