import type { DescribeStacksInput, DescribeStacksOutput } from '@aws-sdk/client-cloudformation';
import { listPage, operation } from '../cloudformation';
import { nextToken, stackName } from '../inputs';
import { stackView } from '../views';

/** Without StackName, every stack of the account and Region; with it, that stack or ValidationError. */
export const describeStacks = operation<DescribeStacksInput, DescribeStacksOutput>({
  name: 'DescribeStacks',
  input: { StackName: stackName, NextToken: nextToken },
  run(cfn, input) {
    const stacks = input.StackName === undefined ? cfn.stacks() : [cfn.stack(input.StackName)];
    const { items, next } = listPage(stacks, (s) => s.stack.stackId, input.NextToken);
    return { Stacks: items.map(stackView), NextToken: next };
  },
});
