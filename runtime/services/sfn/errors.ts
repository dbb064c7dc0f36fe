import { ServiceError } from '../../core/errors';

/**
 * Step Functions errors. `code` is the error name @aws-sdk/client-sfn raises (its model's shape names; they
 * carry no `Exception` suffix except the few the model spells so); every one is a 400. The message texts
 * follow AWS's `<Error Title>: '<detail>'` form.
 * https://docs.aws.amazon.com/step-functions/latest/apireference/CommonErrors.html
 * https://docs.aws.amazon.com/step-functions/latest/apireference/API_StartExecution.html#API_StartExecution_Errors
 */
export const sfnErrors = {
  stateMachineDoesNotExist: (arn: string) => new ServiceError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`),
  stateMachineAlreadyExists: (arn: string) => new ServiceError('StateMachineAlreadyExists', `State Machine Already Exists: '${arn}'`),
  executionDoesNotExist: (arn: string) => new ServiceError('ExecutionDoesNotExist', `Execution Does Not Exist: '${arn}'`),
  executionAlreadyExists: (arn: string) => new ServiceError('ExecutionAlreadyExists', `Execution Already Exists: '${arn}'`),
  invalidArn: (detail: string) => new ServiceError('InvalidArn', `Invalid Arn: '${detail}'`),
  invalidName: (name: string) => new ServiceError('InvalidName', `Invalid Name: '${name}'`),
  /** `message` is the interpreter's, in AWS's `Invalid State Machine Definition: '…'` form. */
  invalidDefinition: (message: string) => new ServiceError('InvalidDefinition', message),
  invalidExecutionInput: (detail: string) => new ServiceError('InvalidExecutionInput', `Invalid State Machine Execution Input: '${detail}'`),
  invalidOutput: (detail: string) => new ServiceError('InvalidOutput', `Invalid Output: '${detail}'`),
  invalidToken: (detail: string) => new ServiceError('InvalidToken', `Invalid Token: '${detail}'`),
  taskDoesNotExist: () => new ServiceError('TaskDoesNotExist', "Task Does Not Exist: 'Provided task does not exist'"),
  taskTimedOut: () => new ServiceError('TaskTimedOut', "Task Timed Out: 'Provided task does not exist anymore'"),
  typeNotSupported: (detail: string) => new ServiceError('StateMachineTypeNotSupported', `State Machine Type Not Supported: '${detail}'`),
  invalidLoggingConfiguration: (detail: string) => new ServiceError('InvalidLoggingConfiguration', `Invalid Logging Configuration: '${detail}'`),
  tooManyTags: (resourceArn: string) => new ServiceError('TooManyTags', `Too Many Tags: 'Resource ${resourceArn} would have more than 50 tags'`),
  resourceNotFound: (arn: string) => new ServiceError('ResourceNotFound', `Resource not found: '${arn}'`),
  invalidNextToken: () => new ServiceError('InvalidToken', "Invalid Token: 'Invalid NextToken'"),
  validation: (message: string) => new ServiceError('ValidationException', message),
  missingRequiredParameter: () =>
    new ServiceError('MissingRequiredParameter', "Missing Required Parameter: 'Either the definition, the role ARN, the LoggingConfiguration, the EncryptionConfiguration or the TracingConfiguration must be specified'"),
  /** The message is identity/authorize.ts's sentence; Step Functions reports it as AccessDeniedException. */
  accessDenied: (message: string) => new ServiceError('AccessDeniedException', message),
};
