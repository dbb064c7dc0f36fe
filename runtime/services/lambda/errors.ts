import { ServiceError } from '../../core/errors';

/**
 * Lambda's errors carry a `Type` ("User" for caller mistakes, "Service" otherwise) besides the message, and
 * the message member's case differs per error in Lambda's model (ResourceNotFoundException: `Message`,
 * TooManyRequestsException and RequestTooLargeException: `message`).
 */
export class LambdaError extends ServiceError {
  constructor(code: string, message: string, status: number, messageKey: 'message' | 'Message', readonly fields: Record<string, unknown> = {}) {
    super(code, message, status, messageKey);
  }
}

export const lambdaErrorBody = (error: ServiceError): Record<string, unknown> =>
  error instanceof LambdaError ? { Type: 'User', ...error.fields } : { Type: error.status >= 500 ? 'Service' : 'User' };

export const lambdaErrors = {
  functionNotFound: (arn: string) => new LambdaError('ResourceNotFoundException', `Function not found: ${arn}`, 404, 'Message'),
  mappingNotFound: () => new LambdaError('ResourceNotFoundException', 'The resource you requested does not exist.', 404, 'Message'),
  invalidParameter: (message: string) => new LambdaError('InvalidParameterValueException', message, 400, 'message'),
  /** A Marker keydrill did not issue in a NextMarker. */
  invalidMarker: () => new LambdaError('InvalidParameterValueException', 'Invalid marker', 400, 'message'),
  invalidRequestContent: (message: string) => new LambdaError('InvalidRequestContentException', message, 400, 'message'),
  /** https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html#API_Invoke_Errors */
  tooManyRequests: () =>
    new LambdaError('TooManyRequestsException', 'Rate Exceeded.', 429, 'message', { Reason: 'ReservedFunctionConcurrentInvocationLimitExceeded' }),
  requestTooLarge: (limit: number) =>
    new LambdaError('RequestTooLargeException', `Request must be smaller than ${limit} bytes for the InvokeFunction operation`, 413, 'message'),
  functionExists: (name: string) => new LambdaError('ResourceConflictException', `Function already exist: ${name}`, 409, 'message'),
  statementExists: (sid: string) =>
    new LambdaError('ResourceConflictException', `The statement id (${sid}) provided already exists. Please provide a new statement id, or remove the existing statement.`, 409, 'message'),
  statementNotFound: (sid: string) => new LambdaError('ResourceNotFoundException', `Statement ${sid} is not found in resource policy.`, 404, 'Message'),
  noPolicy: () => new LambdaError('ResourceNotFoundException', 'The resource you requested does not exist.', 404, 'Message'),
  /** The message is identity/authorize.ts's sentence. */
  accessDenied: (message: string) => new LambdaError('AccessDeniedException', message, 403, 'Message'),
};
