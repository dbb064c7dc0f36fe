import type { UpdateLedgerPermissionsModeRequest, UpdateLedgerPermissionsModeResponse } from '@aws-sdk/client-qldb';
import type { OperationDefinition } from '../../../../core/operation';
import { controlErrors } from '../errors';
import { LEDGER_NAME } from '../ledger-shapes';
import type { QldbControl } from '../qldb-control';

/** Takes effect for the next statement: the session layer reads the mode from the ledger's metadata. */
export const updateLedgerPermissionsMode: OperationDefinition<QldbControl, UpdateLedgerPermissionsModeRequest, UpdateLedgerPermissionsModeResponse> = {
  name: 'UpdateLedgerPermissionsMode',
  input: { Name: LEDGER_NAME, PermissionsMode: { type: 'string', required: true, enum: ['ALLOW_ALL', 'STANDARD'] } },
  run(qldb, input) {
    if (!qldb.ledgers.get(input.Name!)) throw controlErrors.notFound(input.Name!);
    const { metadata } = qldb.ledgers.update(input.Name!, { permissionsMode: input.PermissionsMode! });
    return { Name: metadata.name, Arn: metadata.arn, PermissionsMode: metadata.permissionsMode };
  },
};
