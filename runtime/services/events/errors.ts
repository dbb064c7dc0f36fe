import { ServiceError } from '../../core/errors';

/**
 * EventBridge errors: `code` is the error name @aws-sdk/client-eventbridge raises, with AWS's messages
 * (docs/eventbridge.md#errors). Pattern errors are ./pattern/errors.ts's.
 * https://docs.aws.amazon.com/eventbridge/latest/APIReference/CommonErrors.html
 */
export const eventsErrors = {
  busNotFound: (name: string) => new ServiceError('ResourceNotFoundException', `Event bus ${name} does not exist.`, 400),
  ruleNotFound: (name: string, busName: string) => new ServiceError('ResourceNotFoundException', `Rule ${name} does not exist on EventBus ${busName}.`, 400),
  resourceNotFound: (arn: string) => new ServiceError('ResourceNotFoundException', `Resource ${arn} does not exist.`, 400),
  busExists: (name: string) => new ServiceError('ResourceAlreadyExistsException', `Event bus ${name} already exists.`, 400),
  cannotDeleteDefaultBus: () => new ServiceError('ValidationException', 'Cannot delete event bus default.', 400),
  reservedBusName: () => new ServiceError('ValidationException', 'Event bus name must not be default.', 400),
  ruleHasTargets: () => new ServiceError('ValidationException', "Rule can't be deleted since it has targets.", 400),
  patternOrSchedule: () => new ServiceError('ValidationException', 'Parameter(s) EventPattern or ScheduleExpression must be specified.', 400),
  invalidSchedule: () => new ServiceError('ValidationException', 'Parameter ScheduleExpression is not valid.', 400),
  scheduleOnCustomBus: () => new ServiceError('ValidationException', 'ScheduleExpression is supported only on the default event bus.', 400),
  validation: (message: string) => new ServiceError('ValidationException', message, 400),
  entriesTooLarge: () => new ServiceError('ValidationException', 'Total size of the entries in the request is over the limit.', 400),
  limitExceeded: () => new ServiceError('LimitExceededException', 'The requested resource exceeds the maximum number allowed.', 400),
  invalidNextToken: () => new ServiceError('ValidationException', 'The NextToken provided is invalid.', 400),
  managedRule: (name: string) => new ServiceError('ManagedRuleException', `Rule ${name} is managed by an AWS service and cannot be changed.`, 400),
  connectionNotFound: (name: string) => new ServiceError('ResourceNotFoundException', `Failed to describe the connection(s). Connection '${name}' does not exist.`, 400),
  connectionExists: (name: string) => new ServiceError('ResourceAlreadyExistsException', `Connection '${name}' already exists.`, 400),
  apiDestinationNotFound: (name: string) => new ServiceError('ResourceNotFoundException', `Failed to describe the api-destination(s). An api-destination '${name}' does not exist.`, 400),
  apiDestinationExists: (name: string) => new ServiceError('ResourceAlreadyExistsException', `An api-destination '${name}' already exists.`, 400),
  authParametersMissing: (member: string, type: string) => new ServiceError('ValidationException', `${member} must be specified for AuthorizationType ${type}.`, 400),
  accessDenied: (message: string) => new ServiceError('AccessDeniedException', message, 400),
};
