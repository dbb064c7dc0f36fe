import { ServiceError } from '../../../core/errors';

/** QLDB control-plane errors (restJson1, docs/qldb-control.md#errors): `Message`, with the status the model gives. */
const error = (code: string, status: number, message: string) => new ServiceError(code, message, status, 'Message');

export const controlErrors = {
  notFound: (name: string) => error('ResourceNotFoundException', 404, `The ledger with name ${name} does not exist`),
  alreadyExists: (name: string) => error('ResourceAlreadyExistsException', 409, `The ledger with name ${name} already exists`),
  deletionProtected: (name: string) =>
    error('ResourcePreconditionNotMetException', 412, `Deletion protection is enabled for ledger ${name}. Disable it with UpdateLedger before deleting the ledger.`),
  ledgerLimit: (limit: number) => error('LimitExceededException', 400, `Exceeded the limit of ${limit} active ledgers in this account and Region`),
  /** Operations on a ledger that is not ACTIVE yet (docs/qldb-control.md#ledger-lifecycle). */
  notActive: (name: string, state: string) => error('ResourcePreconditionNotMetException', 412, `The ledger ${name} is in state ${state}; it must be ACTIVE`),
  precondition: (message: string) => error('ResourcePreconditionNotMetException', 412, message),
  invalidParameter: (message: string) => error('InvalidParameterException', 400, message),
  /** keydrill's journal has no block until the first commit (a real ledger has internal blocks from creation). */
  emptyJournal: (name: string) => error('ResourcePreconditionNotMetException', 412, `The ledger ${name} has no committed block yet`),
  tipBeyondJournal: (tip: number, latest: number) =>
    error('ResourcePreconditionNotMetException', 412, `The digest tip address sequenceNo ${tip} is beyond the latest committed block ${latest}`),
  resourceNotFound: (resourceArn: string) => error('ResourceNotFoundException', 404, `The resource ${resourceArn} does not exist`),
  /** CreateLedger and UpdateLedger take symmetric encryption keys only. */
  notSymmetricKey: (keyArn: string) =>
    error('InvalidParameterException', 400, `The KMS key ${keyArn} is not a symmetric encryption key; QLDB supports only symmetric encryption keys`),
  kmsKeyUnusable: (requestedKey: string, kmsError: ServiceError) =>
    error('InvalidParameterException', 400, `QLDB cannot use the KMS key ${requestedKey}: ${kmsError.code}: ${kmsError.message}`),
  keyChangeInProgress: (name: string) =>
    error('ResourcePreconditionNotMetException', 412, `Ledger ${name} is already moving to another KMS key; try again once its EncryptionStatus is ENABLED`),
};
