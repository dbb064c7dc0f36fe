import type { ListRulesRequest, ListRulesResponse } from '@aws-sdk/client-eventbridge';
import { page } from '../../../core/paging';
import { eventsErrors } from '../errors';
import { operation } from '../events';
import { busReference, limit, nextToken } from '../inputs';
import { continuation, ruleView } from '../views';

/** The rules of one bus in name order, those whose name starts with NamePrefix; pages of Limit (default 100). */
export const listRules = operation<ListRulesRequest, ListRulesResponse>({
  name: 'ListRules',
  input: { NamePrefix: { type: 'string', min: 1, max: 64, pattern: /^[\.\-_A-Za-z0-9]+$/ }, EventBusName: busReference, NextToken: nextToken, Limit: limit },
  run(events, input, ctx) {
    const bus = events.bus(input.EventBusName);
    events.authorize(ctx, 'events:ListRules', events.ruleArn(bus.name, '*'));
    const rules = events.store.rules(bus.name).filter((rule) => rule.name.startsWith(input.NamePrefix ?? ''));
    const p = page(rules, input.NextToken, input.Limit ?? 100, eventsErrors.invalidNextToken);
    return { Rules: p.items.map(ruleView), ...continuation(p.next) };
  },
});
