import { ServiceError } from '../../core/errors';

/**
 * SQS errors. `code` is the error name @aws-sdk/client-sqs raises (its model's shape name, or the
 * awsQuery code for errors the model does not declare); statuses are those of the SQS model.
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/CommonErrors.html
 */
export const sqsErrors = {
  queueDoesNotExist: () => new ServiceError('QueueDoesNotExist', 'The specified queue does not exist.', 400),
  invalidAddress: (address: string) => new ServiceError('InvalidAddress', `The address ${address} is not valid for this endpoint.`, 404),
  queueNameExists: (attribute: string) =>
    new ServiceError('QueueNameExists', `A queue already exists with the same name and a different value for attribute ${attribute}`, 400),
  invalidQueueName: () =>
    new ServiceError('InvalidParameterValue', 'Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length', 400),
  fifoUnsupported: () =>
    new ServiceError('UnsupportedOperation', 'keydrill serves standard queues only: FIFO queues (FifoQueue, a .fifo name) are not supported.', 400),
  invalidAttributeName: (name: string) => new ServiceError('InvalidAttributeName', `Unknown Attribute ${name}.`, 400),
  invalidAttributeValue: (name: string) => new ServiceError('InvalidAttributeValue', `Invalid value for the parameter ${name}.`, 400),
  invalidParameter: (name: string, value: number, reason: string) =>
    new ServiceError('InvalidParameterValue', `Value ${value} for parameter ${name} is invalid. Reason: ${reason}`, 400),
  messageTooLong: (maximum: number) =>
    new ServiceError('InvalidParameterValue', `One or more parameters are invalid. Reason: Message must be shorter than ${maximum} bytes.`, 400),
  emptyBody: () => new ServiceError('MissingParameter', 'The request must contain the parameter MessageBody.', 400),
  invalidMessageContents: () =>
    new ServiceError(
      'InvalidMessageContents',
      'Invalid characters found. Valid unicode characters are #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF',
      400,
    ),
  invalidMessageAttribute: (reason: string) => new ServiceError('InvalidParameterValue', reason, 400),
  receiptHandleIsInvalid: (handle: string) => new ServiceError('ReceiptHandleIsInvalid', `The input receipt handle "${handle}" is not a valid receipt handle.`, 404),
  messageNotInflight: () => new ServiceError('MessageNotInflight', 'Message does not exist or is not available for visibility timeout change.', 400),
  emptyBatch: (entryType: string) => new ServiceError('EmptyBatchRequest', `There should be at least one ${entryType} in the request.`, 400),
  tooManyEntries: (count: number) => new ServiceError('TooManyEntriesInBatchRequest', `Maximum number of entries per request are 10. You have sent ${count}.`, 400),
  idsNotDistinct: (id: string) => new ServiceError('BatchEntryIdsNotDistinct', `Id ${id} repeated.`, 400),
  invalidBatchEntryId: () =>
    new ServiceError('InvalidBatchEntryId', 'A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.', 400),
  batchTooLong: (maximum: number) => new ServiceError('BatchRequestTooLong', `Batch requests cannot be longer than ${maximum} bytes.`, 400),
  purgeInProgress: (queueArn: string, intervalSeconds: number) =>
    new ServiceError('PurgeQueueInProgress', `Only one PurgeQueue operation on ${queueArn} is allowed every ${intervalSeconds} seconds.`, 403),
  invalidNextToken: () => new ServiceError('InvalidParameterValue', 'Invalid NextToken value.', 400),
  /** The message is identity/authorize.ts's sentence; SQS names the action in it in lower case. */
  accessDenied: (message: string) => new ServiceError('AccessDenied', message, 403),
};
