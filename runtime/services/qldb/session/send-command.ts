import { randomBytes } from 'node:crypto';
import type { SendCommandRequest, SendCommandResult, ValueHolder } from '@aws-sdk/client-qldb-session';
import { dumpBinary, load, type dom } from 'ion-js';
import type { Clock } from '../../../core/clock';
import type { Caller, OperationDefinition } from '../../../core/operation';
import type { ConstraintTable } from '../../../core/validation';
import { executeStatement, parseStatement, type ParsedStatement } from '../partiql';
import { LEDGER_NAME } from '../control/ledger-shapes';
import type { LedgerEntry, LedgerRegistry } from '../ledgers';
import type { IdentityStore } from '../../../identity/identity-store';
import { AWS_OWNED_KMS_KEY, userMayNotUseKey } from '../encryption/ledger-encryption';
import type { QldbKms } from '../encryption/qldb-kms';
import { authorizeSendCommand, authorizeStatement } from './authorize';
import { sessionErrors } from './errors';
import type { OpenTransaction, Session, SessionRegistry } from './sessions';

export interface QldbSession {
  sessions: SessionRegistry;
  ledgers: LedgerRegistry;
  kms: QldbKms;
  identity: IdentityStore;
  clock: Clock;
  /** Parsed statements by text: drivers send the same few statements over and over. */
  statementCache: Map<string, ParsedStatement>;
}

const TOKEN = { type: 'string', min: 4, max: 1024, pattern: /^[A-Za-z-0-9+/=]+$/ } as const;
const TRANSACTION_ID = { type: 'string', required: true, min: 22, max: 22, pattern: /^[A-Za-z-0-9]+$/ } as const;
const VALUE_HOLDER = { type: 'structure', members: { IonBinary: { type: 'blob', min: 1 }, IonText: { type: 'string', min: 1 } } } as const;

/** QLDB's size quotas on statements and parameters, refused with BadRequestException as QLDB's other limits. */
const LIMITS = { statementCharacters: 100_000, parameterBinaryBytes: 128 * 1024, parameterTextCharacters: 1024 * 1024 };

/**
 * The QLDBSession model's constraints (qldb-spec §1.2), but for the size quotas: the session API's
 * errors are its six exceptions, so those are checked in `execute` and answered with BadRequestException.
 */
const INPUT: ConstraintTable = {
  SessionToken: TOKEN,
  StartSession: { type: 'structure', members: { LedgerName: LEDGER_NAME } },
  StartTransaction: { type: 'structure', members: {} },
  EndSession: { type: 'structure', members: {} },
  CommitTransaction: { type: 'structure', members: { TransactionId: TRANSACTION_ID, CommitDigest: { type: 'blob', required: true } } },
  AbortTransaction: { type: 'structure', members: {} },
  ExecuteStatement: {
    type: 'structure',
    members: { TransactionId: TRANSACTION_ID, Statement: { type: 'string', required: true, min: 1 }, Parameters: { type: 'list', member: VALUE_HOLDER } },
  },
  FetchPage: { type: 'structure', members: { TransactionId: TRANSACTION_ID, NextPageToken: { ...TOKEN, required: true } } },
};

const COMMANDS = ['StartSession', 'StartTransaction', 'EndSession', 'CommitTransaction', 'AbortTransaction', 'ExecuteStatement', 'FetchPage'] as const;

/**
 * QLDBSession.SendCommand: one command per request, each answered in the shape the driver reads
 * (qldb-spec §1.3). Values travel as standalone Ion binary streams.
 */
export const sendCommand: OperationDefinition<QldbSession, SendCommandRequest, SendCommandResult> = {
  name: 'SendCommand',
  input: INPUT,
  async run(qldb, input, ctx) {
    // Wall time: ProcessingTimeMilliseconds reports how long the real work took.
    const started = Date.now();
    const present = COMMANDS.filter((c) => input[c] !== undefined);
    if (present.length !== 1) throw sessionErrors.badRequest(`Exactly one command must be specified, found ${present.length}`);
    const command = present[0];
    const timing = () => ({ TimingInformation: { ProcessingTimeMilliseconds: Date.now() - started } });
    if (command === 'StartSession') {
      const entry = qldb.ledgers.forSession(input.StartSession!.LedgerName!);
      authorizeSendCommand(qldb.identity, ctx.caller.principal, entry.metadata.arn);
      qldb.ledgers.usable(entry);
      await checkCallerMayUseKey(qldb, entry.metadata, ctx.caller);
      const session = qldb.sessions.start(entry, ctx.caller.principal);
      return { StartSession: { SessionToken: session.token, ...timing() } };
    }
    if (!input.SessionToken) throw sessionErrors.badRequest('SessionToken is required for every command but StartSession');
    const session = qldb.sessions.get(input.SessionToken);
    // An impaired ledger refuses every command but ending the session or the transaction once its
    // cached data keys have expired.
    const usableLedger = () => qldb.ledgers.usable(session.entry);
    switch (command) {
      case 'EndSession':
        qldb.sessions.end(session.token);
        return { EndSession: timing() };
      case 'StartTransaction': {
        const tx = qldb.sessions.beginTransaction(session, usableLedger());
        return { StartTransaction: { TransactionId: tx.ledgerTx.id, ...timing() } };
      }
      case 'AbortTransaction':
        // Idempotent: the driver aborts after most errors and would mark the session dead if this failed.
        session.transaction = undefined;
        return { AbortTransaction: timing() };
      case 'ExecuteStatement': {
        const { TransactionId, Statement, Parameters } = input.ExecuteStatement!;
        usableLedger();
        const tx = openTransaction(session, TransactionId!);
        const values = execute(qldb, session, tx, Statement!, Parameters ?? []);
        const page = firstPage(tx, values, qldb.sessions.config.pageSize);
        return { ExecuteStatement: { FirstPage: page, ...timing(), ConsumedIOs: { ReadIOs: values.length, WriteIOs: 0 } } };
      }
      case 'FetchPage': {
        const { TransactionId, NextPageToken } = input.FetchPage!;
        usableLedger();
        const tx = openTransaction(session, TransactionId!);
        const remaining = tx.pages.get(NextPageToken!);
        if (!remaining) throw sessionErrors.badRequest(`Invalid page token ${NextPageToken}`);
        tx.pages.delete(NextPageToken!);
        const page = firstPage(tx, remaining, qldb.sessions.config.pageSize);
        return { FetchPage: { Page: page, ...timing(), ConsumedIOs: { ReadIOs: page.Values!.length, WriteIOs: 0 } } };
      }
      case 'CommitTransaction': {
        const { TransactionId, CommitDigest } = input.CommitTransaction!;
        const ledger = usableLedger();
        const tx = openTransaction(session, TransactionId!);
        const expected = tx.digest.value;
        if (!Buffer.from(CommitDigest!).equals(Buffer.from(expected))) {
          session.transaction = undefined;
          throw sessionErrors.digestMismatch();
        }
        // The transaction ends here whatever happens: an OCC failure closes it implicitly (qldb-spec §1.4).
        session.transaction = undefined;
        const block = await ledger.commit(tx.ledgerTx, tx.statements);
        if (!block) throw sessionErrors.occConflict(tx.ledgerTx.id);
        return { CommitTransaction: { TransactionId, CommitDigest: expected, ...timing(), ConsumedIOs: { ReadIOs: 0, WriteIOs: tx.ledgerTx.writes.size } } };
      }
    }
  },
};

function openTransaction(session: Session, transactionId: string): OpenTransaction {
  const tx = session.transaction;
  if (!tx) throw sessionErrors.noOpenTransaction();
  if (tx.ledgerTx.id !== transactionId) throw sessionErrors.badRequest(`Transaction ${transactionId} is not the open transaction of this session`);
  return tx;
}

function decodeParameter(holder: ValueHolder, index: number): { value: dom.Value; bytes: Uint8Array } {
  if ((holder.IonBinary?.length ?? 0) > LIMITS.parameterBinaryBytes || (holder.IonText?.length ?? 0) > LIMITS.parameterTextCharacters) {
    throw sessionErrors.badRequest(`Parameter ${index + 1} exceeds the limit of ${LIMITS.parameterBinaryBytes} bytes (Ion binary) or ${LIMITS.parameterTextCharacters} characters (Ion text)`);
  }
  try {
    const bytes = holder.IonBinary ?? (holder.IonText !== undefined ? dumpBinary(load(holder.IonText)) : undefined);
    const value = bytes ? load(bytes) : null;
    if (!bytes || value === null) throw new Error('empty');
    return { value, bytes };
  } catch {
    throw sessionErrors.badRequest(`Parameter ${index + 1} is not a valid Ion value`);
  }
}

/**
 * QLDB refuses a caller who may not decrypt with the ledger's customer managed key, even where IAM lets
 * it send commands (the public qldb-kms-demo's no-access scenario).
 */
async function checkCallerMayUseKey(qldb: QldbSession, metadata: LedgerEntry['metadata'], caller: Caller): Promise<void> {
  const current = metadata.encryption.dataKeys[metadata.encryption.dataKeys.length - 1];
  if (current.kmsKey === AWS_OWNED_KMS_KEY) return;
  const denial = await qldb.kms.callerMayDecrypt(caller, current.kmsKey, Buffer.from(current.wrapped, 'base64'), metadata.arn).catch(() => undefined);
  if (denial) throw userMayNotUseKey(denial);
}

function execute(qldb: QldbSession, session: Session, tx: OpenTransaction, statement: string, parameters: ValueHolder[]): dom.Value[] {
  const decoded = parameters.map(decodeParameter);
  // The driver folds every statement into its digest before it sends it, so the server folds on
  // receipt too: a statement that fails still counts if the application commits anyway (qldb-spec §2.2).
  const statementDigest = tx.digest.add(statement, decoded.map((p) => p.bytes));
  tx.ledgerTx.statementIndex = tx.statements.length;
  tx.statements.push({ statement, startTime: qldb.clock.now(), statementDigest });
  if (statement.length > LIMITS.statementCharacters) throw sessionErrors.badRequest(`Statement length ${statement.length} exceeds the limit of ${LIMITS.statementCharacters} characters`);
  let parsed = qldb.statementCache.get(statement);
  if (!parsed) {
    parsed = parseStatement(statement);
    if (qldb.statementCache.size > 10_000) qldb.statementCache.clear();
    qldb.statementCache.set(statement, parsed);
  }
  if (session.entry.metadata.permissionsMode === 'STANDARD') authorizeStatement(qldb.identity, session.principal, session.entry.metadata.arn, parsed, tx.ledgerTx);
  const savepoint = tx.ledgerTx.savepoint();
  try {
    return executeStatement(parsed, decoded.map((p) => p.value), tx.ledgerTx);
  } catch (e) {
    // A failed statement leaves no partial effect behind in the transaction.
    tx.ledgerTx.rollbackTo(savepoint);
    throw e;
  }
}

/** Serves the first `pageSize` values and keeps the rest behind a page token. */
function firstPage(tx: OpenTransaction, values: dom.Value[], pageSize: number) {
  const served = values.slice(0, pageSize);
  const page: { Values: ValueHolder[]; NextPageToken?: string } = { Values: served.map((v) => ({ IonBinary: dumpBinary(v) })) };
  if (values.length > pageSize) {
    const token = randomBytes(24).toString('base64');
    tx.pages.set(token, values.slice(pageSize));
    page.NextPageToken = token;
  }
  return page;
}
