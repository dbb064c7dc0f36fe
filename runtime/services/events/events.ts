import type { Target } from '@aws-sdk/client-eventbridge';
import { arn } from '../../core/arn';
import type { Clock } from '../../core/clock';
import { defineOperation, type CallContext } from '../../core/operation';
import { scopeOf, type Scope } from '../../core/scope';
import { requireIdentityAllows } from '../../identity/authorize';
import type { IdentityStore } from '../../identity/identity-store';
import type { ApiDestinationsStore } from './api-destinations-store';
import { eventsErrors } from './errors';
import { DEFAULT_BUS, type EventBus, type EventEnvelope, type EventRule, type IngestedEvent } from './model';
import { compileEventPattern, type CompiledPattern } from './pattern/compile';
import { matchesEventPattern } from './pattern/match';
import { RuleIndex } from './rule-index';
import type { EventsStore } from './store';

/** One target's copy of one matched event, as the delivery queue takes it. */
export interface MatchedDelivery {
  rule: { arn: string; name: string };
  target: Target;
  event: EventEnvelope;
  ingestedAt: number;
}

/** Where matched events go: the durable delivery queue (runtime/integrations/event-targets). */
export interface DeliverySink {
  /** Queues `deliveries` durably; `cursor`, the position of the source that produced them, is saved in the same write. */
  enqueue(deliveries: MatchedDelivery[], cursor?: SourceCursor): void;
  /** A source's saved position. */
  cursor(source: string): string | undefined;
  /** Why a target cannot be delivered to (an ARN of a kind keydrill does not deliver to), or undefined. */
  refusal(target: Target): string | undefined;
}

export interface SourceCursor {
  source: string;
  value: string;
}

interface RuleMatcher {
  rule: EventRule;
  pattern: CompiledPattern;
}

/** The state every EventBridge operation works on, and the steps they share. */
export class Events {
  readonly scope: Scope;
  /** The enabled pattern rules of each bus, compiled and indexed once: rebuilt whenever the store commits. */
  private matchers = new Map<string, RuleIndex<RuleMatcher>>();

  constructor(
    readonly store: EventsStore,
    readonly identity: IdentityStore,
    readonly clock: Clock,
    readonly sink: DeliverySink,
    /** Connections and API destinations (their own state file). */
    readonly apiDestinations: ApiDestinationsStore,
  ) {
    this.scope = scopeOf(identity);
    store.onCommit(() => (this.matchers = new Map()));
  }

  now(): Date {
    return this.clock.now();
  }

  /** An EventBridge ARN of this account and Region (connections, API destinations). */
  resourceArn(resource: string): string {
    return arn('events', this.scope.region, this.scope.account, resource);
  }

  busArn(name: string): string {
    return arn('events', this.scope.region, this.scope.account, `event-bus/${name}`);
  }

  /** Rules of the default bus have no bus in their ARN (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoneventbridge.html). */
  ruleArn(busName: string, name: string): string {
    return arn('events', this.scope.region, this.scope.account, busName === DEFAULT_BUS ? `rule/${name}` : `rule/${busName}/${name}`);
  }

  /**
   * The account root may do anything in its account; a role needs an identity policy allowing `action`.
   * Bus policies (resource-based) are not evaluated: services pass (README, Known differences).
   */
  authorize(ctx: CallContext, action: string, resource: string): void {
    requireIdentityAllows(this.identity, ctx.caller.principal, action, resource, { servicePrincipals: 'pass', deny: eventsErrors.accessDenied });
  }

  /** A bus by name or ARN (EventBusName takes either); the default bus when none is given. */
  busName(nameOrArn: string | undefined): string {
    if (nameOrArn === undefined) return DEFAULT_BUS;
    const fromArn = /^arn:aws[\w-]*:events:[\w-]+:\d{12}:event-bus\/(.+)$/.exec(nameOrArn);
    return fromArn ? fromArn[1] : nameOrArn;
  }

  bus(nameOrArn: string | undefined): EventBus {
    const name = this.busName(nameOrArn);
    const bus = this.store.bus(name);
    if (!bus) throw eventsErrors.busNotFound(name);
    return bus;
  }

  /** A rule of a bus, after authorizing `action` on it. */
  rule(ctx: CallContext, busNameOrArn: string | undefined, name: string, action: string): EventRule {
    const busName = this.busName(busNameOrArn);
    this.authorize(ctx, action, this.ruleArn(busName, name));
    this.bus(busName);
    const rule = this.store.rule(busName, name);
    if (!rule) throw eventsErrors.ruleNotFound(name, busName);
    return rule;
  }

  /**
   * Matches events that entered `busName` against that bus's rules only, and hands every target of every
   * matching rule its copy in one enqueue (one durable write for a whole PutEvents). A bus that does not
   * exist drops its events, as AWS does.
   */
  ingest(busName: string, events: readonly IngestedEvent[], cursor?: SourceCursor): void {
    const matchers = this.matchersOf(busName);
    const deliveries: MatchedDelivery[] = [];
    for (const event of events) {
      for (const { rule, pattern } of matchers.candidates(event.matchable)) {
        if (event.readOnlyManagementEvent && rule.state !== 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS') continue;
        if (!matchesEventPattern(pattern, event.matchable)) continue;
        for (const target of rule.targets) deliveries.push({ rule: { arn: rule.arn, name: rule.name }, target, event: event.envelope, ingestedAt: event.ingestedAt });
      }
    }
    if (deliveries.length || cursor) this.sink.enqueue(deliveries, cursor);
  }

  /** Delivers a schedule's events to the targets of its rule (no matching: the schedule is the rule). */
  deliverScheduled(rule: EventRule, events: readonly EventEnvelope[], cursor: SourceCursor): void {
    const ingestedAt = this.now().getTime();
    const ruleRef = { arn: rule.arn, name: rule.name };
    this.sink.enqueue(events.flatMap((event) => rule.targets.map((target) => ({ rule: ruleRef, target, event, ingestedAt }))), cursor);
  }

  private matchersOf(busName: string): RuleIndex<RuleMatcher> {
    let matchers = this.matchers.get(busName);
    if (!matchers) {
      matchers = new RuleIndex(
        this.store
          .rules(busName)
          .filter((rule) => rule.state !== 'DISABLED' && rule.eventPattern !== undefined && rule.targets.length > 0)
          .map((rule) => ({ rule, pattern: compileEventPattern(rule.eventPattern!) })),
      );
      this.matchers.set(busName, matchers);
    }
    return matchers;
  }
}

/** Declares an EventBridge operation; its input and output types come from @aws-sdk/client-eventbridge (types only). */
export const operation = defineOperation<Events>();
