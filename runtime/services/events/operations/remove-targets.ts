import type { RemoveTargetsRequest, RemoveTargetsResponse } from '@aws-sdk/client-eventbridge';
import { operation } from '../events';
import { busReference, ruleName, targetIds } from '../inputs';

/** Ids the rule does not have are ignored, as AWS does. Deliveries already queued still happen (at-least-once). */
export const removeTargets = operation<RemoveTargetsRequest, RemoveTargetsResponse>({
  name: 'RemoveTargets',
  input: { Rule: ruleName, EventBusName: busReference, Ids: targetIds, Force: { type: 'boolean' } },
  run(events, input, ctx) {
    const rule = events.rule(ctx, input.EventBusName, input.Rule, 'events:RemoveTargets');
    const removed = new Set(input.Ids);
    rule.targets = rule.targets.filter((target) => !removed.has(target.Id!));
    events.store.commit();
    return { FailedEntryCount: 0, FailedEntries: [] };
  },
});
