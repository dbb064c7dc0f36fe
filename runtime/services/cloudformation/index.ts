import { OperationTable } from '../../core/operation';
import type { ServiceFactory } from '../../core/service-module';
import { CloudFormation } from './cloudformation';
import { describeStackResource } from './operations/describe-stack-resource';
import { describeStackResources } from './operations/describe-stack-resources';
import { describeStacks } from './operations/describe-stacks';
import { getTemplate } from './operations/get-template';
import { listExports } from './operations/list-exports';
import { listStackResources } from './operations/list-stack-resources';
import { listStacks } from './operations/list-stacks';
import { readOnlyRefusals } from './operations/read-only-refusals';

/** Every CloudFormation operation the runtime serves (awsQuery): reads of the deployed stack. */
const CLOUDFORMATION_OPERATIONS = [describeStackResource, describeStackResources, describeStacks, getTemplate, listExports, listStackResources, listStacks];

/**
 * CloudFormation (awsQuery, read-only): the stack the runtime deployed, as `aws cloudformation describe-stacks`
 * shows it; every call that would change a stack is refused with how to change it instead.
 */
export const cloudformationModule: ServiceFactory = (ctx) => ({
  services: [new OperationTable<CloudFormation>('cloudformation', new CloudFormation(() => ctx.stack()), [...CLOUDFORMATION_OPERATIONS, ...readOnlyRefusals])],
  bindings: [{ protocol: 'awsQuery', service: 'cloudformation', signingName: 'cloudformation', namespace: 'http://cloudformation.amazonaws.com/doc/2010-05-15/' }],
});
