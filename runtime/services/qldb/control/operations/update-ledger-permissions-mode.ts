import type { UpdateLedgerPermissionsModeRequest, UpdateLedgerPermissionsModeResponse } from '@aws-sdk/client-qldb';
import { controlErrors } from '../errors';
import { LEDGER_NAME, PERMISSIONS_MODE } from '../inputs';
import { operation } from '../qldb-control';

/** Takes effect for the next statement: the session layer reads the mode from the ledger's metadata. */
export const updateLedgerPermissionsMode = operation<UpdateLedgerPermissionsModeRequest, UpdateLedgerPermissionsModeResponse>({
  name: 'UpdateLedgerPermissionsMode',
  input: { Name: LEDGER_NAME, PermissionsMode: PERMISSIONS_MODE },
  run(qldb, input) {
    if (!qldb.ledgers.get(input.Name)) throw controlErrors.notFound(input.Name);
    const { metadata } = qldb.ledgers.update(input.Name, { permissionsMode: input.PermissionsMode });
    return { Name: metadata.name, Arn: metadata.arn, PermissionsMode: metadata.permissionsMode };
  },
});
