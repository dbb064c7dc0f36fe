import { ServiceError } from '../../../core/errors';
import { MAX_ACTIVE_STREAMS_PER_LEDGER } from './stream-model';

/** Journal stream errors, in the control plane's format (`Message`, docs/qldb-control.md#errors). */
const error = (code: string, status: number, message: string) => new ServiceError(code, message, status, 'Message');

export const streamErrors = {
  invalidParameter: (message: string) => error('InvalidParameterException', 400, message),
  streamNotFound: (streamId: string, ledgerName: string) => error('ResourceNotFoundException', 404, `The stream with ID ${streamId} does not exist in ledger ${ledgerName}`),
  /** CancelJournalKinesisStream's documented precondition: the stream must be ACTIVE. */
  notActive: (streamId: string, status: string) =>
    error('ResourcePreconditionNotMetException', 412, `The stream with ID ${streamId} is ${status}; only an ACTIVE stream can be canceled`),
  limit: (ledgerName: string) =>
    error('LimitExceededException', 400, `Exceeded the limit of ${MAX_ACTIVE_STREAMS_PER_LEDGER} active journal streams for ledger ${ledgerName}`),
  /** Stream names are unique among a ledger's active streams; the operation's model offers only InvalidParameterException for it. */
  nameInUse: (streamName: string, ledgerName: string) =>
    error('InvalidParameterException', 400, `Ledger ${ledgerName} already has an active stream named ${streamName}`),
};
