import type { Target } from '@aws-sdk/client-eventbridge';
import type { AwsEvent } from '../../core/audit-trail';
import type { JsonValue } from './pattern/json';

/** The bus every account has, which receives AWS service events and is the only one schedules run on. */
export const DEFAULT_BUS = 'default';

export type RuleState = 'ENABLED' | 'DISABLED' | 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS';

export interface Tag {
  Key: string;
  Value: string;
}

export interface EventBus {
  name: string;
  arn: string;
  description?: string;
  createdAt: string;
  tags: Tag[];
}

/** A rule with its targets, as PutRule last replaced it (PutRule keeps the targets). */
export interface EventRule {
  name: string;
  busName: string;
  arn: string;
  state: RuleState;
  eventPattern?: string;
  scheduleExpression?: string;
  description?: string;
  roleArn?: string;
  /** The principal that created it (DescribeRule's CreatedBy: the account). */
  createdBy: string;
  /** When it was created: a rate() schedule counts from here. */
  createdAt: string;
  targets: Target[];
  tags: Tag[];
}

/**
 * The envelope EventBridge delivers to targets (https://docs.aws.amazon.com/eventbridge/latest/ref/overiew-event-structure.html):
 * the shape the audit trail records AWS service events in.
 */
export type EventEnvelope = AwsEvent;

/** An event as it enters a bus: the envelope, the same parsed for matching (numbers kept exactly as sent), and when it arrived. */
export interface IngestedEvent {
  envelope: EventEnvelope;
  matchable: JsonValue;
  /** Epoch ms on the runtime clock (the `<aws.events.event.ingestion-time>` variable, and the event's age). */
  ingestedAt: number;
  /** A CloudTrail read-only management event: only rules in ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS see it. */
  readOnlyManagementEvent?: boolean;
}

/** Rules per bus, targets per rule: https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-quota.html */
export const MAX_TARGETS_PER_RULE = 5;
