import { ServiceError } from '../../../core/errors';

/** QLDB control-plane errors (restJson1, qldb-spec §4.2): `Message`, with the status the model gives. */
const error = (code: string, status: number, message: string) => new ServiceError(code, message, status, 'Message');

export const controlErrors = {
  notFound: (name: string) => error('ResourceNotFoundException', 404, `The ledger with name ${name} does not exist`),
  alreadyExists: (name: string) => error('ResourceAlreadyExistsException', 409, `The ledger with name ${name} already exists`),
  deletionProtected: (name: string) =>
    error('ResourcePreconditionNotMetException', 412, `Deletion protection is enabled for ledger ${name}. Disable it with UpdateLedger before deleting the ledger.`),
  ledgerLimit: (limit: number) => error('LimitExceededException', 400, `Exceeded the limit of ${limit} active ledgers in this account and Region`),
};
