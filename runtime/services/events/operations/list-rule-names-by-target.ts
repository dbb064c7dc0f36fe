import type { ListRuleNamesByTargetRequest, ListRuleNamesByTargetResponse } from '@aws-sdk/client-eventbridge';
import { page } from '../../../core/paging';
import { eventsErrors } from '../errors';
import { operation } from '../events';
import { arnShape, busReference, limit, nextToken } from '../inputs';
import { continuation } from '../views';

/** The rules of one bus that have a target with this ARN, in name order. */
export const listRuleNamesByTarget = operation<ListRuleNamesByTargetRequest, ListRuleNamesByTargetResponse>({
  name: 'ListRuleNamesByTarget',
  input: { TargetArn: arnShape, EventBusName: busReference, NextToken: nextToken, Limit: limit },
  run(events, input, ctx) {
    const bus = events.bus(input.EventBusName);
    events.authorize(ctx, 'events:ListRuleNamesByTarget', events.ruleArn(bus.name, '*'));
    const names = events.store
      .rules(bus.name)
      .filter((rule) => rule.targets.some((target) => target.Arn === input.TargetArn))
      .map((rule) => rule.name);
    const p = page(names, input.NextToken, input.Limit ?? 100, eventsErrors.invalidNextToken);
    return { RuleNames: p.items, ...continuation(p.next) };
  },
});
