import type { DeleteRuleRequest } from '@aws-sdk/client-eventbridge';
import { eventsErrors } from '../errors';
import { operation } from '../events';
import { busReference, ruleName } from '../inputs';

/** Deleting a rule that does not exist succeeds; one with targets is refused (https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_DeleteRule.html). */
export const deleteRule = operation<DeleteRuleRequest, Record<string, never>>({
  name: 'DeleteRule',
  input: { Name: ruleName, EventBusName: busReference, Force: { type: 'boolean' } },
  run(events, input, ctx) {
    const busName = events.busName(input.EventBusName);
    events.authorize(ctx, 'events:DeleteRule', events.ruleArn(busName, input.Name));
    const rule = events.store.rule(busName, input.Name);
    if (!rule) return {};
    if (rule.targets.length) throw eventsErrors.ruleHasTargets();
    events.store.deleteRule(busName, input.Name);
    events.store.commit();
    return {};
  },
});
