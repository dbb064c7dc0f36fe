import type { Clock } from '../../../core/clock';
import { defineOperation } from '../../../core/operation';
import type { IdentityStore } from '../../../identity/identity-store';
import type { LedgerRegistry } from '../ledger-registry';
import type { ParsedStatement } from '../partiql';
import type { KeyAccessCache } from './key-access';
import type { SessionRegistry } from './session-registry';

/** The state the session API's commands share. */
export interface QldbSession {
  sessions: SessionRegistry;
  ledgers: LedgerRegistry;
  /** Whether callers may use their ledger's customer managed key, asked per transaction. */
  keyAccess: KeyAccessCache;
  identity: IdentityStore;
  clock: Clock;
  /** Parsed statements by text: drivers send the same few statements over and over. */
  statementCache: Map<string, ParsedStatement>;
}

/** Past this many cached statements the cache starts over: an application that inlines literals would otherwise grow it without end. */
export const STATEMENT_CACHE_LIMIT = 10_000;

/** Declares a session API operation; its input and output types come from @aws-sdk/client-qldb-session (types only). */
export const operation = defineOperation<QldbSession>();
