import type { DescribeStackResourceInput, DescribeStackResourceOutput } from '@aws-sdk/client-cloudformation';
import { operation, resourcesOf } from '../cloudformation';
import { cloudformationErrors } from '../errors';
import { requiredStackName } from '../inputs';
import { stackResourceDetailView } from '../views';

/** One resource of a stack by its logical id, with its template Metadata. */
export const describeStackResource = operation<DescribeStackResourceInput, DescribeStackResourceOutput>({
  name: 'DescribeStackResource',
  input: { StackName: requiredStackName, LogicalResourceId: { type: 'string', required: true } },
  run(cfn, input) {
    const stack = cfn.stack(input.StackName, cloudformationErrors.stackNotFound);
    const resource = resourcesOf(stack).find((r) => r.logicalId === input.LogicalResourceId);
    if (!resource) throw cloudformationErrors.resourceDoesNotExist(input.LogicalResourceId, stack.deployment.stackName);
    return { StackResourceDetail: stackResourceDetailView(stack, resource) };
  },
});
