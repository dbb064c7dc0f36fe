import type { Clock } from '../../../core/clock';
import type { LedgerRegistry } from '../ledgers';
import type { SessionRegistry } from '../session/sessions';

/** The state the control-plane operations share. */
export interface QldbControl {
  ledgers: LedgerRegistry;
  sessions: SessionRegistry;
  clock: Clock;
}

/** Active ledgers per account and Region (QLDB's default quota). */
export const MAX_LEDGERS = 5;
