import { ServiceError } from '../../core/errors';

/**
 * STS errors (awsQuery): AccessDenied is 403, ValidationError 400.
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html#API_AssumeRole_Errors
 */
export const stsErrors = {
  notAuthorizedToAssume: (principalArn: string, roleArn: string) =>
    new ServiceError('AccessDenied', `User: ${principalArn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`, 403),
  /**
   * Role chaining (a role session assuming a role) is capped at one hour whatever the role allows, and STS
   * says so in its own words: https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html#iam-term-role-chaining
   */
  roleChainingLimit: () => new ServiceError('ValidationError', 'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.', 400),
  maxSessionDuration: () => new ServiceError('ValidationError', 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.', 400),
  sessionPoliciesUnsupported: () => new ServiceError('ValidationError', 'keydrill does not support session policies (Policy)', 400),
};
