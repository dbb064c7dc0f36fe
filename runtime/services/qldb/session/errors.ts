import { ServiceError } from '../../../core/errors';
import type { BlockAddress } from '../ledger/ledger-view';

/**
 * QLDB Session errors (docs/qldb-session.md#errors). They carry `Message` (capital M) and never a body `Code`: the
 * SDK would take a body Code as the error's name and the driver would stop recognising the error.
 */
const error = (code: string, message: string, status = 400) => new ServiceError(code, message, status, 'Message');
const badRequest = (message: string) => error('BadRequestException', message);

export const sessionErrors = {
  /** Invalid input, with the message the declarative validation produced (the session model has no ValidationException). */
  invalidInput: badRequest,
  commandCount: (found: number) => badRequest(`Exactly one command must be specified, found ${found}`),
  sessionTokenRequired: () => badRequest('SessionToken is required for every command but StartSession'),
  notTheOpenTransaction: (transactionId: string) => badRequest(`Transaction ${transactionId} is not the open transaction of this session`),
  invalidPageToken: (pageToken: string) => badRequest(`Invalid page token ${pageToken}`),
  statementTooLong: (length: number, limit: number) => badRequest(`Statement length ${length} exceeds the limit of ${limit} characters`),
  parameterTooLarge: (position: number, binaryBytes: number, textCharacters: number) =>
    badRequest(`Parameter ${position} exceeds the limit of ${binaryBytes} bytes (Ion binary) or ${textCharacters} characters (Ion text)`),
  invalidParameterValue: (position: number) => badRequest(`Parameter ${position} is not a valid Ion value`),
  /** Text with an unpaired UTF-16 surrogate has no UTF-8 form: it can be neither hashed nor stored. */
  statementNotUnicode: () => badRequest('Statement is not valid Unicode: it contains an unpaired surrogate'),
  parameterDecimalTooLong: (position: number, digits: number) => badRequest(`Parameter ${position} holds a decimal of more than ${digits} digits`),
  parameterNumberTooLong: (position: number, digits: number) => badRequest(`Parameter ${position} holds an integer or timestamp fraction of more than ${digits} digits`),
  parameterTooDeep: (position: number, limit: number) => badRequest(`Parameter ${position} nests deeper than ${limit} levels`),
  noOpenTransaction: () => badRequest('No open transaction'),
  transactionAlreadyOpen: () => badRequest('Transaction already open'),
  digestMismatch: () => badRequest("Digests don't match"),
  /** The driver recognises expiry by matching /Transaction .* has expired/ and then does not retry. */
  transactionExpired: (txId: string) => error('InvalidSessionException', `Transaction ${txId} has expired`),
  sessionExpired: (sessionId: string) => error('InvalidSessionException', `Session ${sessionId} has expired`),
  noSuchSession: () => error('InvalidSessionException', 'No such session'),
  occConflict: (txId: string) =>
    error('OccConflictException', `Optimistic concurrency control (OCC) failure encountered while committing the transaction ${txId}`),
  sessionLimit: (limit: number) => error('LimitExceededException', `Exceeded the session limit of ${limit} active sessions on the ledger`),
  ledgerNotFound: (name: string) => badRequest(`Ledger ${name} does not exist`),
  /** What every session command gets once an impaired ledger's cached data keys have expired. */
  ledgerKeyInaccessible: (keyArn: string, ledgerName: string) =>
    badRequest(
      `QLDB does not have grant access to the customer managed KMS key ${keyArn} of ledger ${ledgerName}, or the key is disabled or deleted. Restore the key and QLDB's grant on it to make the ledger accessible again.`,
    ),
  /** What a caller gets when it may not use the ledger's customer managed key itself. */
  userMayNotUseKey: (kmsError: ServiceError) =>
    error('AccessDeniedException', `The user does not have permissions to use the customer managed KMS key of the ledger. ${kmsError.message}`),
};

const semanticError = (detail: string) => badRequest(`Semantic Error: ${detail}`);

/** What the ledger engine refuses while a statement runs (the LedgerView contract), answered to ExecuteStatement. */
export const ledgerViewErrors = {
  tableNotActive: (tableId: string) => semanticError(`table ${tableId} is not an active table`),
  noSuchTableId: (tableId: string) => semanticError(`no table with id ${tableId}`),
  invalidTableName: (name: string) =>
    semanticError(`invalid table name ${name}: 1 to 128 letters, digits and underscores, starting with a letter or underscore, and not starting with _ql`),
  tableExists: (name: string) => semanticError(`a table named ${name} already exists`),
  tableNotInactive: (name: string, tableId: string) => semanticError(`table ${name} (${tableId}) is not inactive`),
  activeTableExists: (name: string) => semanticError(`an active table named ${name} already exists`),
  activeTableLimit: (limit: number) => badRequest(`Exceeded the limit of ${limit} active tables`),
  tableLimit: (limit: number) => badRequest(`Exceeded the limit of ${limit} tables, active and inactive`),
  invalidIndexField: () => semanticError('an index field name has 1 to 128 characters'),
  indexExists: (tableName: string, field: string) => semanticError(`table ${tableName} already has an index on ${field}`),
  noSuchIndex: (tableName: string, indexId: string) => semanticError(`table ${tableName} has no index ${indexId}`),
  indexLimit: (limit: number, tableName: string) => badRequest(`Exceeded the limit of ${limit} indexes on table ${tableName}`),
  noSuchDocument: (documentId: string, tableId: string) => semanticError(`document ${documentId} does not exist in table ${tableId}`),
  documentNotStruct: () => semanticError('a document must be an Ion struct'),
  documentTooLarge: (size: number, limit: number) => badRequest(`Document size ${size} bytes exceeds the limit of ${limit} bytes`),
  documentsPerTransaction: (limit: number) => badRequest(`Transaction exceeds the limit of ${limit} documents`),
  redactionLimit: () => badRequest('Only one revision can be redacted per transaction'),
  noSuchRevision: (documentId: string, address: BlockAddress) =>
    semanticError(`no revision of document ${documentId} at block ${address.strandId}:${address.sequenceNo}`),
  latestRevisionNotRedactable: () => semanticError('the latest revision of a document cannot be redacted'),
  nothingToRedact: (version: number, documentId: string) => semanticError(`revision ${version} of document ${documentId} has no data to redact`),
};
