import type { DeployedStack } from '../../bootstrap/deploy';
import { cloudformationErrors } from './errors';

/**
 * CloudFormation as keydrill serves it: a read-only view of the one stack the runtime deployed from its
 * template. It keeps no state of its own; the deployment record is the truth.
 */
export class CloudFormation {
  constructor(private readonly deployed: () => DeployedStack | undefined) {}

  /** Every stack of the account and Region: the deployed one, or none. */
  stacks(): DeployedStack[] {
    const stack = this.deployed();
    return stack ? [stack] : [];
  }

  /** The stack `nameOrId` names, by its name or its stack id, as every `StackName` parameter accepts. */
  find(nameOrId: string): DeployedStack | undefined {
    return this.stacks().find((s) => s.deployment.stackName === nameOrId || s.stack.stackId === nameOrId);
  }

  stack(nameOrId: string, missing = cloudformationErrors.stackDoesNotExist): DeployedStack {
    const stack = this.find(nameOrId);
    if (!stack) throw missing(nameOrId);
    return stack;
  }
}
