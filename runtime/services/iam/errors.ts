import { ServiceError } from '../../core/errors';

/**
 * IAM errors: the awsQuery codes and statuses of the IAM model, with IAM's texts.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/CommonErrors.html
 */
export const iamErrors = {
  noSuchRole: (name: string) => new ServiceError('NoSuchEntity', `The role with name ${name} cannot be found.`, 404),
  noSuchRolePolicy: (name: string) => new ServiceError('NoSuchEntity', `The role policy with name ${name} cannot be found.`, 404),
  noSuchPolicy: (policyArn: string) => new ServiceError('NoSuchEntity', `Policy ${policyArn} was not found.`, 404),
  notAttachable: (policyArn: string) => new ServiceError('NoSuchEntity', `Policy ${policyArn} does not exist or is not attachable.`, 404),
  noSuchPolicyVersion: (policyArn: string, versionId: string) =>
    new ServiceError('NoSuchEntity', `Policy ${policyArn} version ${versionId} does not exist or is not attachable.`, 404),
  roleExists: (name: string) => new ServiceError('EntityAlreadyExists', `Role with name ${name} already exists.`, 409),
  policyExists: (name: string) => new ServiceError('EntityAlreadyExists', `A policy called ${name} already exists. Duplicate names are not allowed.`, 409),
  roleHasAttachedPolicies: () => new ServiceError('DeleteConflict', 'Cannot delete entity, must detach all policies first.', 409),
  roleHasInlinePolicies: () => new ServiceError('DeleteConflict', 'Cannot delete entity, must delete policies first.', 409),
  policyAttached: () => new ServiceError('DeleteConflict', 'Cannot delete a policy attached to entities.', 409),
  invalidJson: () => new ServiceError('MalformedPolicyDocument', 'This policy contains invalid Json', 400),
  syntaxErrors: () => new ServiceError('MalformedPolicyDocument', 'Syntax errors in policy.', 400),
  principalNotAllowed: () => new ServiceError('MalformedPolicyDocument', 'Policy document should not specify a principal.', 400),
  /** IAM's text for a trust policy statement without Principal, internal exception name included. */
  principalMissing: () =>
    new ServiceError(
      'MalformedPolicyDocument',
      'Invalid principal in policy: com.amazon.balsa.error.InvalidPolicyException: The passed in policy has a statement with no principals!',
      400,
    ),
  invalidPrincipal: (type: string, value: string) => new ServiceError('MalformedPolicyDocument', `Invalid principal in policy: "${type}":"${value}"`, 400),
  quotaExceeded: (quota: string, limit: number) => new ServiceError('LimitExceeded', `Cannot exceed quota for ${quota}: ${limit}`, 409),
  inlinePoliciesTooLarge: (roleName: string, limit: number) =>
    new ServiceError('LimitExceeded', `Maximum policy size of ${limit} bytes exceeded for role ${roleName}`, 409),
  /**
   * AWS's refusal for roles only AWS may change (service-linked roles), with keydrill's reason: the deployed
   * stack's roles change only when the stack is redeployed.
   */
  stackRole: (name: string) =>
    new ServiceError(
      'UnmodifiableEntity',
      `Cannot perform the operation on the protected role '${name}' - this role belongs to the deployed stack and is only modifiable by redeploying it (change infra/ and run keydrill up)`,
      400,
    ),
  duplicateTagKeys: () => new ServiceError('InvalidInput', 'Duplicate tag keys found. Please note that Tag keys are case insensitive.', 400),
  unsupported: (parameter: string) => new ServiceError('ValidationError', `keydrill does not support ${parameter}`, 400),
  invalidMarker: () => new ServiceError('ValidationError', 'Invalid Marker: pass the Marker of the previous response unchanged', 400),
  accessDenied: (principalArn: string, action: string, resource: string, reason: string) =>
    new ServiceError('AccessDenied', `User: ${principalArn} is not authorized to perform: ${action} on resource: ${resource} ${reason}`, 403),
};
