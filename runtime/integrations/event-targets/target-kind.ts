import type { Target } from '@aws-sdk/client-eventbridge';
import { parseArn } from '../../core/arn';
import type { Dispatcher } from '../../core/dispatcher';
import type { Caller } from '../../core/operation';
import type { Scope } from '../../core/scope';
import type { IdentityStore } from '../../identity/identity-store';
import { servicePrincipal } from '../../identity/principal';
import type { ApiDestination, Connection } from '../../services/events/api-destinations-store';
import type { EventEnvelope } from '../../services/events/model';

/** One delivery attempt as a target kind sees it: the payload is already rendered (Input, InputPath, InputTransformer). */
export interface TargetRequest {
  target: Target;
  rule: { arn: string; name: string };
  event: EventEnvelope;
  payload: string;
}

/** What target kinds reach other services with. */
export interface TargetContext {
  dispatcher: Dispatcher;
  identity: IdentityStore;
  scope: Scope;
  /** Puts an event on another bus of this account as it is (a bus target): AWS's own sources pass. */
  forward(busName: string, event: EventEnvelope): boolean;
  /** An API destination by ARN, with its connection (secrets included), or undefined when either is gone. */
  apiDestination(arn: string): ResolvedApiDestination | undefined;
}

export interface ResolvedApiDestination {
  destination: ApiDestination;
  connection: Connection;
}

/** A kind of target: how to deliver to it, and why a target of the kind cannot be put on a rule. */
export interface TargetKind {
  send(request: TargetRequest, ctx: TargetContext): Promise<void>;
  refusal?(target: Target): string | undefined;
}

export const EVENTS_PRINCIPAL = 'events.amazonaws.com';

/**
 * Who EventBridge calls a target as: the target's role when it has one (a session named after the rule), else
 * EventBridge itself, which the target's resource policy (queue policy, function policy) must allow.
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html
 */
export function callerFor(request: TargetRequest, ctx: TargetContext): Caller {
  const role = request.target.RoleArn ? ctx.identity.getRole(request.target.RoleArn) : undefined;
  if (role) return { principal: ctx.identity.sessionPrincipal(role, `events-${request.rule.name}`.slice(0, 64)), viaService: EVENTS_PRINCIPAL };
  return { principal: servicePrincipal(ctx.scope.account, EVENTS_PRINCIPAL), viaService: EVENTS_PRINCIPAL };
}

/** The resource part of an ARN after `<type>/` or `<type>:` (queue names, function names, stream names). */
export function resourceName(arn: string): string {
  const resource = parseArn(arn)?.resource ?? '';
  return resource.replace(/^[a-z-]+[/:]/, '');
}
