/**
 * A typed AWS error. Operations throw these; the protocol serializers turn them into the
 * AWS-shaped response for their protocol (`x-amzn-ErrorType`, `__type` + `message`, status).
 */
export class ServiceError extends Error {
  constructor(
    /** The AWS error code, verbatim (e.g. `NotFoundException`). */
    readonly code: string,
    message: string,
    /** HTTP status AWS sends for this error. */
    readonly status = 400,
    /**
     * Some AWS errors carry `Message` (capital M) instead of `message` — KMS's AccessDeniedException
     * does (see docs/kms.md#wire-protocol-and-errors). SDKs accept either; we mirror AWS.
     */
    readonly messageKey: 'message' | 'Message' = 'message',
  ) {
    super(message);
    this.name = code;
  }
}

/** awsJson-protocol framework errors shared by every JSON service. */
export const protocolErrors = {
  serialization: (detail: string) => new ServiceError('SerializationException', detail, 400),
  /**
   * AWS sends this one without a message (SDKs then show "UnknownError"); the text is that of its awsQuery
   * twin, InvalidAction: https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/CommonErrors.html
   */
  unknownOperation: () => new ServiceError('UnknownOperationException', 'The action or operation requested is invalid. Verify that the action is typed correctly.', 400),
  missingAuthentication: () =>
    new ServiceError('MissingAuthenticationTokenException', 'Request is missing Authentication Token', 400),
  unrecognizedClient: () =>
    new ServiceError('UnrecognizedClientException', 'The security token included in the request is invalid.', 400),
  invalidSignature: () =>
    new ServiceError(
      'InvalidSignatureException',
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
      400,
    ),
  /** A backend the runtime is stopping (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/CommonErrors.html). */
  unavailable: () => new ServiceError('ServiceUnavailable', 'The request has failed due to a temporary failure of the server.', 503),
  /** A bug in the runtime, never a client mistake: the only path to a 500. */
  internal: () => new ServiceError('InternalFailure', 'The request processing has failed because of an unknown error, exception or failure.', 500),
};

export const isServiceError = (e: unknown): e is ServiceError => e instanceof ServiceError;
