import type { DescribeEventBusResponse, DescribeRuleResponse, Rule } from '@aws-sdk/client-eventbridge';
import type { EventBus, EventRule } from './model';

/** DescribeRule's answer; ListRules' entries are the same fields but CreatedBy. */
export function ruleView(rule: EventRule): Rule {
  return {
    Name: rule.name,
    Arn: rule.arn,
    ...(rule.eventPattern !== undefined ? { EventPattern: rule.eventPattern } : {}),
    ...(rule.scheduleExpression !== undefined ? { ScheduleExpression: rule.scheduleExpression } : {}),
    State: rule.state,
    ...(rule.description !== undefined ? { Description: rule.description } : {}),
    ...(rule.roleArn !== undefined ? { RoleArn: rule.roleArn } : {}),
    EventBusName: rule.busName,
  };
}

export const describeRuleView = (rule: EventRule): DescribeRuleResponse => ({ ...ruleView(rule), CreatedBy: rule.createdBy });

export function busView(bus: EventBus): DescribeEventBusResponse {
  return {
    Name: bus.name,
    Arn: bus.arn,
    ...(bus.description !== undefined ? { Description: bus.description } : {}),
    CreationTime: new Date(bus.createdAt),
    LastModifiedTime: new Date(bus.createdAt),
  };
}

/** NextToken only when there is a next page. */
export const continuation = (next: string | undefined) => (next ? { NextToken: next } : {});
