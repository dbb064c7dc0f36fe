import type { Clock } from '../../../core/clock';
import { defineOperation } from '../../../core/operation';
import type { LedgerRegistry } from '../ledger-registry';
import type { SessionRegistry } from '../session/session-registry';
import type { JournalStreams } from '../streams/journal-streams';

/** The state the control-plane operations share. */
export interface QldbControl {
  ledgers: LedgerRegistry;
  sessions: SessionRegistry;
  clock: Clock;
  /** Journal streams to Kinesis. */
  streams: JournalStreams;
}

/** Active ledgers per account and Region (QLDB's default quota). */
export const MAX_LEDGERS = 5;

/** Declares a control-plane operation; its input and output types come from @aws-sdk/client-qldb (types only). */
export const operation = defineOperation<QldbControl>();
