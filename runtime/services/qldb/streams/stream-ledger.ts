import { controlErrors } from '../control/errors';
import type { QldbControl } from '../control/qldb-control';
import type { LedgerEntry } from '../ledger-registry';

/** The ledger a journal stream operation names: it must exist and be ACTIVE. */
export function streamLedger(qldb: QldbControl, name: string): LedgerEntry {
  const entry = qldb.ledgers.get(name);
  if (!entry) throw controlErrors.notFound(name);
  if (entry.metadata.state !== 'ACTIVE') throw controlErrors.notActive(name, entry.metadata.state);
  return entry;
}
