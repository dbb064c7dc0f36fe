import type { UpdateLedgerRequest, UpdateLedgerResponse } from '@aws-sdk/client-qldb';
import type { OperationDefinition } from '../../../../core/operation';
import { controlErrors } from '../errors';
import { describe, LEDGER_NAME } from '../ledger-shapes';
import type { QldbControl } from '../qldb-control';

/**
 * Deletion protection, and the KMS key: a key change answers at once with EncryptionStatus UPDATING
 * while the journal is re-encrypted in the background (the ledger stays fully usable).
 */
export const updateLedger: OperationDefinition<QldbControl, UpdateLedgerRequest, UpdateLedgerResponse> = {
  name: 'UpdateLedger',
  input: { Name: LEDGER_NAME, DeletionProtection: { type: 'boolean' }, KmsKey: { type: 'string', max: 1600 } },
  async run(qldb, input, ctx) {
    if (!qldb.ledgers.get(input.Name!)) throw controlErrors.notFound(input.Name!);
    if (input.KmsKey !== undefined) await qldb.ledgers.changeKey(input.Name!, ctx.caller, input.KmsKey);
    const entry = qldb.ledgers.update(input.Name!, input.DeletionProtection === undefined ? {} : { deletionProtection: input.DeletionProtection });
    const { PermissionsMode: _mode, ...shown } = describe(entry.metadata);
    return shown;
  },
};
