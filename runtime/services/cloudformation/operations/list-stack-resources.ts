import type { ListStackResourcesInput, ListStackResourcesOutput } from '@aws-sdk/client-cloudformation';
import { listPage, operation, resourcesOf } from '../cloudformation';
import { nextToken, requiredStackName } from '../inputs';
import { stackResourceSummaryView } from '../views';

/** Every resource of a stack, a page at a time. */
export const listStackResources = operation<ListStackResourcesInput, ListStackResourcesOutput>({
  name: 'ListStackResources',
  input: { StackName: requiredStackName, NextToken: nextToken },
  run(cfn, input) {
    const stack = cfn.stack(input.StackName);
    const { items, next } = listPage(resourcesOf(stack), (r) => r.logicalId, input.NextToken);
    return { StackResourceSummaries: items.map(stackResourceSummaryView), NextToken: next };
  },
});
