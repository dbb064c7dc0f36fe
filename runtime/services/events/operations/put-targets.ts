import type { PutTargetsRequest, PutTargetsResponse, PutTargetsResultEntry, Target } from '@aws-sdk/client-eventbridge';
import { eventsErrors } from '../errors';
import { operation } from '../events';
import { busReference, ruleName, targetList } from '../inputs';
import { MAX_TARGETS_PER_RULE } from '../model';
import { validateTargetInput } from '../transformer';

/**
 * Adds or replaces (by Id) targets of a rule. Input checks AWS makes on the whole request fail it
 * (ValidationException); a target keydrill cannot deliver to is a FailedEntry, the others are still put
 * (https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutTargets.html).
 */
export const putTargets = operation<PutTargetsRequest, PutTargetsResponse>({
  name: 'PutTargets',
  input: { Rule: ruleName, EventBusName: busReference, Targets: targetList },
  run(events, input, ctx) {
    const rule = events.rule(ctx, input.EventBusName, input.Rule, 'events:PutTargets');
    const targets = input.Targets as Target[];
    for (const target of targets) {
      const problem = validateTargetInput(target);
      if (problem) throw eventsErrors.validation(problem);
    }
    const failed: PutTargetsResultEntry[] = [];
    const accepted = new Map(rule.targets.map((target) => [target.Id!, target]));
    for (const target of targets) {
      const refusal = events.sink.refusal(target);
      if (refusal) failed.push({ TargetId: target.Id, ErrorCode: 'ValidationException', ErrorMessage: refusal });
      else accepted.set(target.Id!, target);
    }
    if (accepted.size > MAX_TARGETS_PER_RULE) throw eventsErrors.limitExceeded();
    rule.targets = [...accepted.values()];
    events.store.commit();
    return { FailedEntryCount: failed.length, FailedEntries: failed };
  },
});
