import type { ListStacksInput, ListStacksOutput } from '@aws-sdk/client-cloudformation';
import { listPage, operation } from '../cloudformation';
import { nextToken, STACK_STATUSES } from '../inputs';
import { stackSummaryView } from '../views';

/** Summaries of the stacks whose status StackStatusFilter names (every status without it). */
export const listStacks = operation<ListStacksInput, ListStacksOutput>({
  name: 'ListStacks',
  input: { NextToken: nextToken, StackStatusFilter: { type: 'list', member: { type: 'string', enum: STACK_STATUSES } } },
  run(cfn, input) {
    const filter = input.StackStatusFilter?.length ? new Set<string>(input.StackStatusFilter) : undefined;
    const stacks = cfn.stacks().filter((s) => !filter || filter.has(s.stack.status));
    const { items, next } = listPage(stacks, (s) => s.stack.stackId, input.NextToken);
    return { StackSummaries: items.map(stackSummaryView), NextToken: next };
  },
});
