import type { UpdateLedgerRequest, UpdateLedgerResponse } from '@aws-sdk/client-qldb';
import { controlErrors } from '../errors';
import { KMS_KEY, LEDGER_NAME } from '../inputs';
import { operation } from '../qldb-control';
import { describe } from '../views';

/**
 * Deletion protection, and the KMS key: a key change answers at once with EncryptionStatus UPDATING
 * while the journal is re-encrypted in the background (the ledger stays fully usable).
 */
export const updateLedger = operation<UpdateLedgerRequest, UpdateLedgerResponse>({
  name: 'UpdateLedger',
  input: { Name: LEDGER_NAME, DeletionProtection: { type: 'boolean' }, KmsKey: KMS_KEY },
  async run(qldb, input, ctx) {
    if (!qldb.ledgers.get(input.Name)) throw controlErrors.notFound(input.Name);
    if (input.KmsKey !== undefined) await qldb.ledgers.changeKey(input.Name, ctx.caller, input.KmsKey);
    const entry = qldb.ledgers.update(input.Name, input.DeletionProtection === undefined ? {} : { deletionProtection: input.DeletionProtection });
    const { PermissionsMode: _mode, ...shown } = describe(entry.metadata);
    return shown;
  },
});
