import type { DescribeStackResourcesInput, DescribeStackResourcesOutput } from '@aws-sdk/client-cloudformation';
import { resourcesOf } from '../cloudformation';
import { cloudformationErrors } from '../errors';
import { logicalResourceId, stackName } from '../inputs';
import { cloudformationOperation } from '../operation';
import { stackResourceView } from '../views';

/**
 * Only a stack's first 100 resources; ListStackResources pages through all of them.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DescribeStackResources.html
 */
const MAX_RESOURCES = 100;

/** The resources of the stack StackName names, or of the stack holding PhysicalResourceId, filtered by either id. */
export const describeStackResources = cloudformationOperation<DescribeStackResourcesInput, DescribeStackResourcesOutput>({
  name: 'DescribeStackResources',
  input: { StackName: stackName, LogicalResourceId: logicalResourceId, PhysicalResourceId: { type: 'string' } },
  run(cfn, input) {
    const { StackName, PhysicalResourceId } = input;
    if (StackName === undefined && PhysicalResourceId === undefined) throw cloudformationErrors.stackNameOrPhysicalResourceIdRequired();
    const stack = StackName !== undefined ? cfn.stack(StackName) : cfn.stackHolding(PhysicalResourceId!);
    const resources = resourcesOf(stack).filter(
      (r) => (input.LogicalResourceId === undefined || r.logicalId === input.LogicalResourceId) && (PhysicalResourceId === undefined || r.physicalId === PhysicalResourceId),
    );
    return { StackResources: resources.slice(0, MAX_RESOURCES).map((r) => stackResourceView(stack, r)) };
  },
});
