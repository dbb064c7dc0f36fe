import type { EnableRuleRequest } from '@aws-sdk/client-eventbridge';
import { operation } from '../events';
import { busReference, ruleName } from '../inputs';

export const enableRule = operation<EnableRuleRequest, Record<string, never>>({
  name: 'EnableRule',
  input: { Name: ruleName, EventBusName: busReference },
  run(events, input, ctx) {
    const rule = events.rule(ctx, input.EventBusName, input.Name, 'events:EnableRule');
    // ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS is an enabled state already.
    if (rule.state === 'DISABLED') rule.state = 'ENABLED';
    events.store.commit();
    return {};
  },
});
