import type { PutRuleRequest, PutRuleResponse } from '@aws-sdk/client-eventbridge';
import { eventsErrors } from '../errors';
import { operation } from '../events';
import { busReference, description, roleArn, ruleName, tagList } from '../inputs';
import { DEFAULT_BUS, type EventRule, type RuleState } from '../model';
import { compileEventPattern, requireEventPatternLength } from '../pattern/compile';
import { parseScheduleExpression } from '../schedule';
import { mergeTags, validatedTags } from '../tags';

const RULE_STATES: readonly RuleState[] = ['ENABLED', 'DISABLED', 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS'];

/**
 * Creates or replaces a rule: every argument it omits is cleared, but its targets and tags stay
 * (https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutRule.html).
 */
export const putRule = operation<PutRuleRequest, PutRuleResponse>({
  name: 'PutRule',
  input: {
    Name: ruleName,
    ScheduleExpression: { type: 'string', max: 256 },
    EventPattern: { type: 'string' },
    State: { type: 'string', enum: RULE_STATES },
    Description: description,
    RoleArn: roleArn,
    Tags: tagList,
    EventBusName: busReference,
  },
  run(events, input, ctx) {
    const busName = events.busName(input.EventBusName);
    const arn = events.ruleArn(busName, input.Name);
    events.authorize(ctx, 'events:PutRule', arn);
    if (input.EventPattern !== undefined) requireEventPatternLength(input.EventPattern);
    if (input.EventPattern === undefined && input.ScheduleExpression === undefined) throw eventsErrors.patternOrSchedule();
    events.bus(busName);
    if (input.ScheduleExpression !== undefined) {
      if (busName !== DEFAULT_BUS) throw eventsErrors.scheduleOnCustomBus();
      const parsed = parseScheduleExpression(input.ScheduleExpression);
      if (!parsed.ok) throw eventsErrors.validation(parsed.message);
    }
    if (input.EventPattern !== undefined) compileEventPattern(input.EventPattern);
    const existing = events.store.rule(busName, input.Name);
    const now = events.now().toISOString();
    const rule: EventRule = {
      name: input.Name,
      busName,
      arn,
      state: (input.State as RuleState | undefined) ?? 'ENABLED',
      ...(input.EventPattern !== undefined ? { eventPattern: input.EventPattern } : {}),
      ...(input.ScheduleExpression !== undefined ? { scheduleExpression: input.ScheduleExpression } : {}),
      ...(input.Description !== undefined ? { description: input.Description } : {}),
      ...(input.RoleArn !== undefined ? { roleArn: input.RoleArn } : {}),
      createdBy: events.scope.account,
      // A rate() schedule counts from when it was set: a rule keeps its start while its schedule is unchanged.
      createdAt: existing && existing.scheduleExpression === input.ScheduleExpression ? existing.createdAt : now,
      targets: existing?.targets ?? [],
      tags: mergeTags(existing?.tags ?? [], validatedTags(input.Tags)),
    };
    events.store.putRule(rule);
    events.store.commit();
    return { RuleArn: arn };
  },
});
