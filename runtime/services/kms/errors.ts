import { ServiceError } from '../../core/errors';

/** KMS errors with AWS's exact texts (docs/kms.md); every client error is HTTP 400. */
export const kmsErrors = {
  notFound: (message: string) => new ServiceError('NotFoundException', message, 400),
  invalidKeyId: (keyId: string) => new ServiceError('NotFoundException', `Invalid keyId '${keyId}'`, 400),
  keyDoesNotExist: (keyArn: string) => new ServiceError('NotFoundException', `Key '${keyArn}' does not exist`, 400),
  aliasNotFound: (aliasArn: string) => new ServiceError('NotFoundException', `Alias ${aliasArn} is not found.`, 400),
  invalidArn: (region: string) => new ServiceError('NotFoundException', `Invalid arn ${region}`, 400),
  disabled: (message: string) => new ServiceError('DisabledException', message, 400),
  invalidState: (message: string) => new ServiceError('KMSInvalidStateException', message, 400),
  validation: (message: string) => new ServiceError('ValidationException', message, 400),
  unsupported: (message = '') => new ServiceError('UnsupportedOperationException', message, 400),
  invalidCiphertext: () => new ServiceError('InvalidCiphertextException', '', 400),
  incorrectKey: () => new ServiceError('IncorrectKeyException', 'The key ID in the request does not identify a CMK that can perform this operation.', 400),
  invalidKeyUsage: (message: string) => new ServiceError('InvalidKeyUsageException', message, 400),
  invalidSignature: () => new ServiceError('KMSInvalidSignatureException', '', 400),
  alreadyExists: (message: string) => new ServiceError('AlreadyExistsException', message, 400),
  invalidAliasName: (message: string) => new ServiceError('InvalidAliasNameException', message, 400),
  notAuthorized: () => new ServiceError('NotAuthorizedException', '', 400),
  malformedPolicy: (message: string) => new ServiceError('MalformedPolicyDocumentException', message, 400),
  limitExceeded: (message: string) => new ServiceError('LimitExceededException', message, 400),
  tag: (message: string) => new ServiceError('TagException', message, 400),
  invalidGrantId: () => new ServiceError('InvalidGrantIdException', 'Invalid grant ID', 400),
  invalidGrantToken: () => new ServiceError('InvalidGrantTokenException', 'Invalid grant token', 400),
  invalidMarker: () => new ServiceError('InvalidMarkerException', 'Invalid marker', 400),
  dryRun: () => new ServiceError('DryRunOperationException', 'The request would have succeeded, but the DryRun option is set.', 400),
  /** KMS's AccessDeniedException body uses `Message` (capital M). */
  accessDenied: (message: string) => new ServiceError('AccessDeniedException', message, 400, 'Message'),
  ciphertextKeyInaccessible: () =>
    new ServiceError(
      'AccessDeniedException',
      'The ciphertext refers to a customer master key that does not exist, does not exist in this region, or you are not allowed to access.',
      400,
      'Message',
    ),
};
