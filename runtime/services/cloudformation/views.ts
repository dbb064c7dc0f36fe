import type { Export, Output, Stack, StackResource, StackResourceDetail, StackResourceSummary, StackSummary } from '@aws-sdk/client-cloudformation';
import type { DeployedStack } from '../../bootstrap/deploy';
import type { CompleteStatus } from '../../bootstrap/stack-record';

/** One resource of a deployed stack, with what CloudFormation reports of it. */
export interface StackResourceRecord {
  logicalId: string;
  type: string;
  physicalId: string;
  status: CompleteStatus;
  at: Date;
}

/** The stack's resources, ordered by logical id. */
export const resourcesOf = (d: DeployedStack): StackResourceRecord[] =>
  Object.keys(d.deployment.resources)
    .sort()
    .map((logicalId) => {
      const { type, physicalId } = d.deployment.resources[logicalId];
      const change = d.stack.resources[logicalId];
      return { logicalId, type, physicalId, status: change.status, at: new Date(change.at) };
    });

function outputsOf(d: DeployedStack): Output[] {
  return Object.entries(d.template.Outputs ?? {})
    .filter(([key]) => key in d.deployment.outputs)
    .map(([key, declared]) => ({
      OutputKey: key,
      OutputValue: d.deployment.outputs[key],
      Description: declared.Description,
      ExportName: d.stack.exports[key],
    }));
}

export const exportsOf = (d: DeployedStack): Export[] =>
  Object.entries(d.stack.exports).map(([key, name]) => ({ ExportingStackId: d.stack.stackId, Name: name, Value: d.deployment.outputs[key] }));

const lastUpdated = (d: DeployedStack) => (d.stack.updatedAt ? { LastUpdatedTime: new Date(d.stack.updatedAt) } : {});

/**
 * What DescribeStacks says of a stack `cdk deploy` made: no parameters (keydrill resolves none, and skips
 * the CDK's BootstrapVersion check), no tags, rollback on, termination protection off, drift never checked.
 * The capabilities are the three `cdk deploy` acknowledges for every stack.
 */
export const stackView = (d: DeployedStack): Stack => ({
  StackId: d.stack.stackId,
  StackName: d.deployment.stackName,
  Description: d.template.Description,
  Parameters: [],
  CreationTime: new Date(d.stack.createdAt),
  ...lastUpdated(d),
  RollbackConfiguration: {},
  StackStatus: d.stack.status,
  DisableRollback: false,
  NotificationARNs: [],
  Capabilities: ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM', 'CAPABILITY_AUTO_EXPAND'],
  Outputs: outputsOf(d),
  Tags: [],
  EnableTerminationProtection: false,
  DriftInformation: { StackDriftStatus: 'NOT_CHECKED' },
});

export const stackSummaryView = (d: DeployedStack): StackSummary => ({
  StackId: d.stack.stackId,
  StackName: d.deployment.stackName,
  TemplateDescription: d.template.Description,
  CreationTime: new Date(d.stack.createdAt),
  ...lastUpdated(d),
  StackStatus: d.stack.status,
  DriftInformation: { StackDriftStatus: 'NOT_CHECKED' },
});

export const stackResourceView = (d: DeployedStack, r: StackResourceRecord): StackResource => ({
  StackName: d.deployment.stackName,
  StackId: d.stack.stackId,
  LogicalResourceId: r.logicalId,
  PhysicalResourceId: r.physicalId,
  ResourceType: r.type,
  Timestamp: r.at,
  ResourceStatus: r.status,
  DriftInformation: { StackResourceDriftStatus: 'NOT_CHECKED' },
});

/** Metadata is the template's `Metadata` attribute as JSON text, `{}` when the resource declares none. */
export const stackResourceDetailView = (d: DeployedStack, r: StackResourceRecord): StackResourceDetail => ({
  StackName: d.deployment.stackName,
  StackId: d.stack.stackId,
  LogicalResourceId: r.logicalId,
  PhysicalResourceId: r.physicalId,
  ResourceType: r.type,
  LastUpdatedTimestamp: r.at,
  ResourceStatus: r.status,
  Metadata: JSON.stringify(d.template.Resources[r.logicalId]?.Metadata ?? {}),
  DriftInformation: { StackResourceDriftStatus: 'NOT_CHECKED' },
});

export const stackResourceSummaryView = (r: StackResourceRecord): StackResourceSummary => ({
  LogicalResourceId: r.logicalId,
  PhysicalResourceId: r.physicalId,
  ResourceType: r.type,
  LastUpdatedTimestamp: r.at,
  ResourceStatus: r.status,
  DriftInformation: { StackResourceDriftStatus: 'NOT_CHECKED' },
});
