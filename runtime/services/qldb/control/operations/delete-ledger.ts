import type { DeleteLedgerRequest } from '@aws-sdk/client-qldb';
import { controlErrors } from '../errors';
import { LEDGER_NAME } from '../inputs';
import { operation } from '../qldb-control';

export const deleteLedger = operation<DeleteLedgerRequest, Record<string, never>>({
  name: 'DeleteLedger',
  input: { Name: LEDGER_NAME },
  async run(qldb, input) {
    const entry = qldb.ledgers.get(input.Name);
    if (!entry) throw controlErrors.notFound(input.Name);
    if (entry.metadata.deletionProtection) throw controlErrors.deletionProtected(input.Name);
    qldb.sessions.endAllOn(entry);
    await qldb.ledgers.delete(input.Name);
    return {};
  },
});
