import { randomUUID } from 'node:crypto';
import { arn } from '../core/arn';
import type { Scope } from '../core/scope';

/** The only states a keydrill stack is ever seen in: a deployment either completes or stops the runtime. */
export type CompleteStatus = 'CREATE_COMPLETE' | 'UPDATE_COMPLETE';

/** A resource's last change, as CloudFormation reports it (ResourceStatus, LastUpdatedTimestamp). */
export interface ResourceChange {
  status: CompleteStatus;
  /** ISO 8601, on the runtime clock. */
  at: string;
}

/** What CloudFormation reports of a deployed stack beyond its resources and output values. Times are ISO 8601, on the runtime clock. */
export interface StackRecord {
  stackId: string;
  status: CompleteStatus;
  createdAt: string;
  /** Only once the stack has been updated: DescribeStacks leaves LastUpdatedTime out until then. */
  updatedAt?: string;
  /** By logical id. */
  resources: Record<string, ResourceChange>;
  /** The resolved `Export.Name` of each output that declares one, by output key. */
  exports: Record<string, string>;
}

/** CloudFormation gives every new stack, even one reusing a deleted stack's name, a new id. */
export const newStackId = (scope: Scope, stackName: string) => arn('cloudformation', scope.region, scope.account, `stack/${stackName}/${randomUUID()}`);
