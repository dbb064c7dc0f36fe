import type { DescribeStackResourcesInput, DescribeStackResourcesOutput } from '@aws-sdk/client-cloudformation';
import type { DeployedStack } from '../../../bootstrap/deploy';
import { operation, resourcesOf, type CloudFormation } from '../cloudformation';
import { cloudformationErrors } from '../errors';
import { logicalResourceId, stackName } from '../inputs';
import { stackResourceView } from '../views';

/**
 * Only a stack's first 100 resources; ListStackResources pages through all of them.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DescribeStackResources.html
 */
const MAX_RESOURCES = 100;

/** The stack StackName names or, without it, the one holding PhysicalResourceId. */
function stackNamed(cfn: CloudFormation, { StackName, PhysicalResourceId }: DescribeStackResourcesInput): DeployedStack {
  if (StackName !== undefined) return cfn.stack(StackName);
  if (PhysicalResourceId !== undefined) return cfn.stackHolding(PhysicalResourceId);
  throw cloudformationErrors.stackNameOrPhysicalResourceIdRequired();
}

/** The resources of the stack StackName names, or of the stack holding PhysicalResourceId, filtered by either id. */
export const describeStackResources = operation<DescribeStackResourcesInput, DescribeStackResourcesOutput>({
  name: 'DescribeStackResources',
  input: { StackName: stackName, LogicalResourceId: logicalResourceId, PhysicalResourceId: { type: 'string' } },
  run(cfn, input) {
    const stack = stackNamed(cfn, input);
    const { LogicalResourceId, PhysicalResourceId } = input;
    const resources = resourcesOf(stack).filter(
      (r) => (LogicalResourceId === undefined || r.logicalId === LogicalResourceId) && (PhysicalResourceId === undefined || r.physicalId === PhysicalResourceId),
    );
    return { StackResources: resources.slice(0, MAX_RESOURCES).map((r) => stackResourceView(stack, r)) };
  },
});
