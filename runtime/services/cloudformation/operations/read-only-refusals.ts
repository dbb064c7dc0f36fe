import type { CloudFormation as CloudFormationApi } from '@aws-sdk/client-cloudformation';
import { operation } from '../cloudformation';
import { cloudformationErrors } from '../errors';

/**
 * Every operation of the CloudFormation API (@aws-sdk/client-cloudformation's model) that changes something:
 * stacks, change sets, stack sets and their instances, refactors, drift detection runs, generated templates
 * and resource scans, the extension registry, organizations access. Answered with an error that says how the
 * stack is changed instead of InvalidAction, which would read as if keydrill had never heard of them.
 */
const MUTATING_OPERATIONS = [
  'ActivateOrganizationsAccess',
  'ActivateType',
  'CancelUpdateStack',
  'ContinueUpdateRollback',
  'CreateChangeSet',
  'CreateGeneratedTemplate',
  'CreateStack',
  'CreateStackInstances',
  'CreateStackRefactor',
  'CreateStackSet',
  'DeactivateOrganizationsAccess',
  'DeactivateType',
  'DeleteChangeSet',
  'DeleteGeneratedTemplate',
  'DeleteStack',
  'DeleteStackInstances',
  'DeleteStackSet',
  'DeregisterType',
  'DetectStackDrift',
  'DetectStackResourceDrift',
  'DetectStackSetDrift',
  'ExecuteChangeSet',
  'ExecuteStackRefactor',
  'ImportStacksToStackSet',
  'PublishType',
  'RecordHandlerProgress',
  'RegisterPublisher',
  'RegisterType',
  'RemoveAlias',
  'RollbackStack',
  'SetAlias',
  'SetStackPolicy',
  'SetTypeConfiguration',
  'SetTypeDefaultVersion',
  'SignalResource',
  'StartResourceScan',
  'StopStackSetOperation',
  'TestType',
  'UpdateGeneratedTemplate',
  'UpdateStack',
  'UpdateStackInstances',
  'UpdateStackSet',
  'UpdateTerminationProtection',
] as const satisfies readonly Capitalize<keyof CloudFormationApi & string>[];

export const readOnlyRefusals = MUTATING_OPERATIONS.map((name) =>
  operation<object, never>({
    name,
    input: {},
    run() {
      throw cloudformationErrors.readOnly(name);
    },
  }),
);
