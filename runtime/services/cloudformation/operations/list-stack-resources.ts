import type { ListStackResourcesInput, ListStackResourcesOutput } from '@aws-sdk/client-cloudformation';
import { resourcesOf } from '../cloudformation';
import { nextToken, requiredStackName } from '../inputs';
import { cloudformationOperation } from '../operation';
import { page } from '../paging';
import { stackResourceSummaryView } from '../views';

/** Every resource of a stack, a page at a time. */
export const listStackResources = cloudformationOperation<ListStackResourcesInput, ListStackResourcesOutput>({
  name: 'ListStackResources',
  input: { StackName: requiredStackName, NextToken: nextToken },
  run(cfn, input) {
    const stack = cfn.stack(input.StackName!);
    const { items, NextToken } = page(resourcesOf(stack), (r) => r.logicalId, input.NextToken);
    return { StackResourceSummaries: items.map(stackResourceSummaryView), NextToken };
  },
});
