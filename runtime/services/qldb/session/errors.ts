import { ServiceError } from '../../../core/errors';

/**
 * QLDB Session errors (qldb-spec §1.5). They carry `Message` (capital M) and never a body `Code`: the
 * SDK would take a body Code as the error's name and the driver would stop recognising the error.
 */
const error = (code: string, message: string, status = 400) => new ServiceError(code, message, status, 'Message');

export const sessionErrors = {
  badRequest: (message: string) => error('BadRequestException', message),
  noOpenTransaction: () => error('BadRequestException', 'No open transaction'),
  transactionAlreadyOpen: () => error('BadRequestException', 'Transaction already open'),
  digestMismatch: () => error('BadRequestException', "Digests don't match"),
  /** The driver recognises expiry by matching /Transaction .* has expired/ and then does not retry. */
  transactionExpired: (txId: string) => error('InvalidSessionException', `Transaction ${txId} has expired`),
  sessionExpired: (sessionId: string) => error('InvalidSessionException', `Session ${sessionId} has expired`),
  noSuchSession: () => error('InvalidSessionException', 'No such session'),
  occConflict: (txId: string) =>
    error('OccConflictException', `Optimistic concurrency control (OCC) failure encountered while committing the transaction ${txId}`),
  sessionLimit: (limit: number) => error('LimitExceededException', `Exceeded the session limit of ${limit} active sessions on the ledger`),
  ledgerNotFound: (name: string) => error('BadRequestException', `Ledger ${name} does not exist`),
};
