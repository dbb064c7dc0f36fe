import type { DeployedStack } from '../../bootstrap/deploy';
import type { CompleteStatus } from '../../bootstrap/stack-record';
import { defineOperation } from '../../core/operation';
import { afterKeyMarkers, page } from '../../core/paging';
import { cloudformationErrors } from './errors';

/** One resource of a deployed stack, with what CloudFormation reports of it. */
export interface StackResourceRecord {
  logicalId: string;
  type: string;
  physicalId: string;
  status: CompleteStatus;
  at: Date;
}

/** CloudFormation does not document its page sizes; keydrill's list calls return 100 items a page. */
const PAGE_SIZE = 100;

/**
 * One page of a CloudFormation list and its NextToken, an opaque token naming the last key returned.
 * `items` come in ascending order of `keyOf`.
 */
export const listPage = <T>(items: T[], keyOf: (item: T) => string, nextToken: string | undefined) =>
  page(items, nextToken, PAGE_SIZE, cloudformationErrors.invalidNextToken, afterKeyMarkers(keyOf));

/** The stack's resources, ordered by logical id. */
export const resourcesOf = (d: DeployedStack): StackResourceRecord[] =>
  Object.keys(d.deployment.resources)
    .sort()
    .map((logicalId) => {
      const { type, physicalId } = d.deployment.resources[logicalId];
      const change = d.stack.resources[logicalId];
      return { logicalId, type, physicalId, status: change.status, at: new Date(change.at) };
    });

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

  /** The stack one of whose resources has `physicalResourceId`. */
  stackHolding(physicalResourceId: string): DeployedStack {
    const stack = this.stacks().find((s) => Object.values(s.deployment.resources).some((r) => r.physicalId === physicalResourceId));
    if (!stack) throw cloudformationErrors.stackForResourceDoesNotExist(physicalResourceId);
    return stack;
  }
}

/** Declares a CloudFormation operation; its input and output types come from @aws-sdk/client-cloudformation (types only). */
export const operation = defineOperation<CloudFormation>();
