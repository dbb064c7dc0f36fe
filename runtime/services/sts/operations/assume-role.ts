import type { AssumeRoleRequest, AssumeRoleResponse } from '@aws-sdk/client-sts';
import { maxSessionSeconds } from '../../../identity/identity-store';
import { identityDecision } from '../../../identity/authorize';
import { evaluateResourcePolicy } from '../../../identity/policy-evaluator';
import { principalArnForConditions, userId } from '../../../identity/principal';
import { stsErrors } from '../errors';
import { MAX_SESSION_SECONDS, operation } from '../sts';

/**
 * AssumeRole honours the role's trust policy: a statement naming the caller allows it outright;
 * one naming the caller's account delegates to the caller's identity policies (sts:AssumeRole).
 */
export const assumeRole = operation<AssumeRoleRequest, AssumeRoleResponse>({
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
    const denied = stsErrors.notAuthorizedToAssume(p.arn, input.RoleArn);
    const role = sts.identity.getRole(input.RoleArn);
    if (!role) throw denied;
    const context = new Map<string, string>([['aws:principalarn', principalArnForConditions(p)], ['aws:principalaccount', p.account]]);
    if (input.ExternalId) context.set('sts:externalid', input.ExternalId);
    const trust = evaluateResourcePolicy(role.trustPolicy, { action: 'sts:AssumeRole', resource: role.arn, principal: p, context });
    // The trust policy is the resource policy here, evaluated above: a service gets nothing from the identity side.
    const identity = identityDecision(sts.identity, p, 'sts:AssumeRole', role.arn, { servicePrincipals: 'deny', context });
    if (trust.explicitDeny || identity.explicitDeny) throw denied;
    if (!trust.allowsPrincipal && !(trust.allowsAccount && identity.allowed)) throw denied;
    const duration = input.DurationSeconds ?? MAX_SESSION_SECONDS;
    if (duration > (p.kind === 'assumed-role' ? MAX_SESSION_SECONDS : maxSessionSeconds(role))) throw p.kind === 'assumed-role' ? stsErrors.roleChainingLimit() : stsErrors.maxSessionDuration();
    if (input.Policy) throw stsErrors.sessionPoliciesUnsupported();
    const expiration = new Date(sts.clock.now().getTime() + duration * 1000);
    const creds = sts.identity.issueSession(role.name, input.RoleSessionName, expiration);
    const session = sts.identity.sessionPrincipal(role, input.RoleSessionName);
    return {
      Credentials: { AccessKeyId: creds.accessKeyId, SecretAccessKey: creds.secretAccessKey, SessionToken: creds.sessionToken!, Expiration: expiration },
      AssumedRoleUser: { AssumedRoleId: userId(session), Arn: session.arn },
    };
  },
});
