import type { LedgerEntry, LedgerRegistry } from '../ledger-registry';
import { sessionErrors } from './errors';

/** The ledger StartSession names (StartSession.LedgerName): it must exist and be ACTIVE. */
export function sessionLedger(ledgers: LedgerRegistry, name: string): LedgerEntry {
  const entry = ledgers.get(name);
  if (!entry || entry.metadata.state !== 'ACTIVE') throw sessionErrors.ledgerNotFound(name);
  return entry;
}
