import type { ListTargetsByRuleRequest, ListTargetsByRuleResponse } from '@aws-sdk/client-eventbridge';
import { page } from '../../../core/paging';
import { eventsErrors } from '../errors';
import { operation } from '../events';
import { busReference, limit, nextToken, ruleName } from '../inputs';
import { continuation } from '../views';

export const listTargetsByRule = operation<ListTargetsByRuleRequest, ListTargetsByRuleResponse>({
  name: 'ListTargetsByRule',
  input: { Rule: ruleName, EventBusName: busReference, NextToken: nextToken, Limit: limit },
  run(events, input, ctx) {
    const rule = events.rule(ctx, input.EventBusName, input.Rule, 'events:ListTargetsByRule');
    const p = page(rule.targets, input.NextToken, input.Limit ?? 100, eventsErrors.invalidNextToken);
    return { Targets: p.items, ...continuation(p.next) };
  },
});
