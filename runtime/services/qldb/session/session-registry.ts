import { randomBytes } from 'node:crypto';
import type { dom } from 'ion-js';
import type { Clock } from '../../../core/clock';
import type { Principal } from '../../../identity/principal';
import type { StatementInfo } from '../journal/block';
import { CommitDigest } from '../journal/hash';
import type { LedgerEntry } from '../ledger-registry';
import type { Ledger } from '../ledger/ledger';
import type { LedgerTransaction } from '../ledger/transaction';
import { sessionErrors } from './errors';

export interface SessionConfig {
  /** QLDB discards a transaction 30 s after it started. */
  transactionTimeoutMs: number;
  /** QLDB ends a session after 13–17 minutes whatever it is doing; we pick the middle. */
  sessionLifetimeMs: number;
  /** Active sessions per ledger (QLDB quota: 3000). */
  maxSessionsPerLedger: number;
  /** Values per result page; QLDB chooses its own page size and the driver copes with any. */
  pageSize: number;
  /**
   * How long (runtime clock) an answer to "may this caller use the ledger's customer managed key" is reused
   * before KMS is asked again. AWS does not document its own bound (docs/qldb-session.md#key-access).
   */
  keyAccessCacheMs: number;
}

export const DEFAULT_SESSION_CONFIG: SessionConfig = {
  transactionTimeoutMs: 30_000,
  sessionLifetimeMs: 15 * 60_000,
  maxSessionsPerLedger: 3000,
  pageSize: 200,
  keyAccessCacheMs: 1000,
};

export interface OpenTransaction {
  ledgerTx: LedgerTransaction;
  startedAt: number;
  digest: CommitDigest;
  statements: StatementInfo[];
  /** Unread result pages by page token, valid only inside this transaction. */
  pages: Map<string, dom.Value[]>;
}

export interface Session {
  id: string;
  token: string;
  entry: LedgerEntry;
  principal: Principal;
  startedAt: number;
  transaction?: OpenTransaction;
}

/** Tokens are opaque base64 (4–1024 chars of `[A-Za-z-0-9+/=]`, docs/qldb-session.md#input-constraints). */
const newToken = (): string => randomBytes(48).toString('base64');

/**
 * The open sessions of every ledger. A session that outlived its lifetime, or whose transaction
 * outlived its timeout, is discarded when next used, with the InvalidSessionException QLDB gives.
 */
export class SessionRegistry {
  private readonly sessions = new Map<string, Session>();
  /** Per session token, the end of the last command queued on it. */
  private readonly turns = new Map<string, Promise<unknown>>();

  constructor(
    private readonly clock: Clock,
    readonly config: SessionConfig,
  ) {}

  start(entry: LedgerEntry, principal: Principal): Session {
    const active = [...this.sessions.values()].filter((s) => s.entry === entry && !this.expired(s)).length;
    if (active >= this.config.maxSessionsPerLedger) throw sessionErrors.sessionLimit(this.config.maxSessionsPerLedger);
    const session: Session = { id: randomBytes(16).toString('hex'), token: newToken(), entry, principal, startedAt: this.clock.now().getTime() };
    this.sessions.set(session.token, session);
    return session;
  }

  private expired(session: Session): boolean {
    return this.clock.now().getTime() - session.startedAt > this.config.sessionLifetimeMs;
  }

  /** The live session for a token, or the InvalidSessionException the driver expects. */
  get(token: string): Session {
    const session = this.sessions.get(token);
    if (!session) throw sessionErrors.noSuchSession();
    if (this.expired(session)) {
      this.sessions.delete(token);
      throw sessionErrors.sessionExpired(session.id);
    }
    const tx = session.transaction;
    if (tx && this.clock.now().getTime() - tx.startedAt > this.config.transactionTimeoutMs) {
      // QLDB rejects the work and discards the session (docs/qldb-session.md#sessions-and-transactions).
      this.sessions.delete(token);
      throw sessionErrors.transactionExpired(tx.ledgerTx.id);
    }
    return session;
  }

  /**
   * Runs a session's commands one at a time, in the order they arrived. A statement can pause mid-way (see
   * runCooperatively); a commit, or another statement, let in then would act on a half-run transaction. The
   * driver never sends a session's next command before the last has answered, so it never waits here.
   */
  inTurn<T>(token: string, command: () => T | Promise<T>): Promise<T> {
    const run = (this.turns.get(token) ?? Promise.resolve()).then(command);
    const ended = run.catch(() => undefined);
    this.turns.set(token, ended);
    void ended.then(() => {
      if (this.turns.get(token) === ended) this.turns.delete(token);
    });
    return run;
  }

  end(token: string): void {
    this.sessions.delete(token);
  }

  /** Sessions on a ledger that is going away. */
  endAllOn(entry: LedgerEntry): void {
    for (const [token, session] of this.sessions) if (session.entry === entry) this.sessions.delete(token);
  }

  clear(): void {
    this.sessions.clear();
  }

  beginTransaction(session: Session, ledger: Ledger): OpenTransaction {
    if (session.transaction) throw sessionErrors.transactionAlreadyOpen();
    const ledgerTx = ledger.begin();
    const transaction: OpenTransaction = {
      ledgerTx,
      startedAt: this.clock.now().getTime(),
      digest: new CommitDigest(ledgerTx.id),
      statements: [],
      pages: new Map(),
    };
    session.transaction = transaction;
    return transaction;
  }
}
