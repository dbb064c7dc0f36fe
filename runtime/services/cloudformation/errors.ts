import { ServiceError } from '../../core/errors';

/**
 * CloudFormation errors. Most are its generic ValidationError (400), the code CloudFormation answers for a
 * stack or resource that does not exist and for a stack operation it refuses; codes the model declares
 * (ChangeSetNotFound) carry the model's awsQuery code and status.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/CommonErrors.html
 */
const validationError = (message: string) => new ServiceError('ValidationError', message, 400);

export const cloudformationErrors = {
  stackDoesNotExist: (nameOrId: string) => validationError(`Stack with id ${nameOrId} does not exist`),
  /** DescribeStackResource words a missing stack differently from the other calls. */
  stackNotFound: (nameOrId: string) => validationError(`Stack '${nameOrId}' does not exist`),
  stackForResourceDoesNotExist: (physicalResourceId: string) => validationError(`Stack for ${physicalResourceId} does not exist`),
  resourceDoesNotExist: (logicalResourceId: string, stackName: string) => validationError(`Resource ${logicalResourceId} does not exist for stack ${stackName}`),
  stackNameOrPhysicalResourceIdRequired: () => validationError('Either StackName or PhysicalResourceId must be specified'),
  stackNameOrChangeSetNameRequired: () => validationError('Either StackName or ChangeSetName must be specified'),
  changeSetNotFound: (changeSetName: string) => new ServiceError('ChangeSetNotFound', `ChangeSet [${changeSetName}] does not exist`, 404),
  invalidNextToken: () => validationError('Invalid NextToken'),
  /**
   * Every call that would change a stack, a stack set, a change set or the registry. The stack is keydrill's
   * own, deployed from the CDK app, so the way to change it is the way it was made.
   */
  readOnly: (operation: string) =>
    validationError(`keydrill serves CloudFormation read-only and does not support ${operation}: the stack is deployed from infra/ by \`keydrill up\`. Change infra/ and run \`keydrill up\` again.`),
};
