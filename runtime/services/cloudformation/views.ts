import type { Export, Output, Stack, StackResource, StackResourceDetail, StackResourceSummary, StackSummary } from '@aws-sdk/client-cloudformation';
import type { DeployedStack } from '../../bootstrap/deploy';
import type { StackResourceRecord } from './cloudformation';

function outputsOf(d: DeployedStack): Output[] {
  return Object.entries(d.template.Outputs ?? {}).map(([key, declared]) => ({
    OutputKey: key,
    OutputValue: d.deployment.outputs[key],
    Description: declared.Description,
    ExportName: d.stack.exports[key],
  }));
}

export const exportsOf = (d: DeployedStack): (Export & { Name: string })[] =>
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

const resourceFields = (r: StackResourceRecord) => ({
  LogicalResourceId: r.logicalId,
  PhysicalResourceId: r.physicalId,
  ResourceType: r.type,
  ResourceStatus: r.status,
  DriftInformation: { StackResourceDriftStatus: 'NOT_CHECKED' as const },
});

const stackFields = (d: DeployedStack) => ({ StackName: d.deployment.stackName, StackId: d.stack.stackId });

export const stackResourceSummaryView = (r: StackResourceRecord): StackResourceSummary => ({ ...resourceFields(r), LastUpdatedTimestamp: r.at });

export const stackResourceView = (d: DeployedStack, r: StackResourceRecord): StackResource => ({ ...stackFields(d), ...resourceFields(r), Timestamp: r.at });

/** Metadata is the template's `Metadata` attribute as JSON text, `{}` when the resource declares none. */
export const stackResourceDetailView = (d: DeployedStack, r: StackResourceRecord): StackResourceDetail => ({
  ...stackFields(d),
  ...stackResourceSummaryView(r),
  Metadata: JSON.stringify(d.template.Resources[r.logicalId].Metadata ?? {}),
});
