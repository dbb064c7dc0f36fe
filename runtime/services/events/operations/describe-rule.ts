import type { DescribeRuleRequest, DescribeRuleResponse } from '@aws-sdk/client-eventbridge';
import { operation } from '../events';
import { busReference, ruleName } from '../inputs';
import { describeRuleView } from '../views';

export const describeRule = operation<DescribeRuleRequest, DescribeRuleResponse>({
  name: 'DescribeRule',
  input: { Name: ruleName, EventBusName: busReference },
  run(events, input, ctx) {
    return describeRuleView(events.rule(ctx, input.EventBusName, input.Name, 'events:DescribeRule'));
  },
});
