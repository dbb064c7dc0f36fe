import type { DisableRuleRequest } from '@aws-sdk/client-eventbridge';
import { operation } from '../events';
import { busReference, ruleName } from '../inputs';

export const disableRule = operation<DisableRuleRequest, Record<string, never>>({
  name: 'DisableRule',
  input: { Name: ruleName, EventBusName: busReference },
  run(events, input, ctx) {
    const rule = events.rule(ctx, input.EventBusName, input.Name, 'events:DisableRule');
    rule.state = 'DISABLED';
    events.store.commit();
    return {};
  },
});
