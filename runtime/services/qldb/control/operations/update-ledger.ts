import type { UpdateLedgerRequest, UpdateLedgerResponse } from '@aws-sdk/client-qldb';
import type { OperationDefinition } from '../../../../core/operation';
import { controlErrors } from '../errors';
import { describe, LEDGER_NAME } from '../ledger-shapes';
import type { QldbControl } from '../qldb-control';

/** Deletion protection only, so far: re-keying the ledger (KmsKey) comes with encryption at rest. */
export const updateLedger: OperationDefinition<QldbControl, UpdateLedgerRequest, UpdateLedgerResponse> = {
  name: 'UpdateLedger',
  input: { Name: LEDGER_NAME, DeletionProtection: { type: 'boolean' } },
  run(qldb, input) {
    if (!qldb.ledgers.get(input.Name!)) throw controlErrors.notFound(input.Name!);
    const entry = qldb.ledgers.update(input.Name!, input.DeletionProtection === undefined ? {} : { deletionProtection: input.DeletionProtection });
    const { PermissionsMode: _mode, ...shown } = describe(entry.metadata);
    return shown;
  },
};
