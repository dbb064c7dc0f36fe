import { OperationTable, type Service } from '../../core/operation';
import { createLedger } from './control/operations/create-ledger';
import { deleteLedger } from './control/operations/delete-ledger';
import { describeLedger } from './control/operations/describe-ledger';
import { listLedgers } from './control/operations/list-ledgers';
import { updateLedger } from './control/operations/update-ledger';
import type { QldbControl } from './control/qldb-control';
import type { QldbSession } from './session/send-command';
import { sendCommand } from './session/send-command';

/** The ledger control plane (`@aws-sdk/client-qldb`). */
export const createQldbService = (state: QldbControl): Service =>
  new OperationTable('qldb', state, [createLedger, describeLedger, updateLedger, deleteLedger, listLedgers]);

/** The ledger data plane (`QLDBSession.SendCommand`, awsJson 1.0), which the QLDB driver speaks. */
export const createQldbSessionService = (state: QldbSession): Service => new OperationTable('qldb-session', state, [sendCommand]);
