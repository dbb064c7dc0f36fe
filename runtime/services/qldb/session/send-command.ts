import type {
  CommitTransactionRequest,
  ExecuteStatementRequest,
  FetchPageRequest,
  SendCommandRequest,
  SendCommandResult,
  StartSessionRequest,
  TimingInformation,
} from '@aws-sdk/client-qldb-session';
import type { Caller } from '../../../core/operation';
import type { InputTable, Validated, WithStructures } from '../../../core/validation';
import { LEDGER_NAME } from '../control/inputs';
import { authorizeSendCommand } from './authorize';
import { sessionErrors } from './errors';
import { operation, type QldbSession } from './qldb-session';
import { firstPage } from './result-pages';
import type { OpenTransaction, Session } from './session-registry';
import { sessionLedger } from './session-ledger';
import { executeInTransaction } from './statement-execution';

const TOKEN = { type: 'string', min: 4, max: 1024, pattern: /^[A-Za-z-0-9+/=]+$/ } as const;
const TRANSACTION_ID = { type: 'string', required: true, min: 22, max: 22, pattern: /^[A-Za-z-0-9]+$/ } as const;
const VALUE_HOLDER = { type: 'structure', members: { IonBinary: { type: 'blob', min: 1 }, IonText: { type: 'string', min: 1 } } } as const;

/** SendCommand's input: the commands with required members have tables of their own, so those members narrow too. */
type SendCommandInput = WithStructures<
  SendCommandRequest,
  { StartSession: StartSessionRequest; CommitTransaction: CommitTransactionRequest; ExecuteStatement: ExecuteStatementRequest; FetchPage: FetchPageRequest }
>;

/**
 * The QLDBSession model's constraints (docs/qldb-session.md#input-constraints), but for the size quotas: the session API's
 * errors are its six exceptions, so those are checked in `executeInTransaction` and answered with
 * BadRequestException.
 */
const INPUT = {
  SessionToken: TOKEN,
  StartSession: { type: 'structure', members: { LedgerName: LEDGER_NAME } satisfies InputTable<StartSessionRequest> },
  StartTransaction: { type: 'structure', members: {} },
  EndSession: { type: 'structure', members: {} },
  CommitTransaction: {
    type: 'structure',
    members: { TransactionId: TRANSACTION_ID, CommitDigest: { type: 'blob', required: true } } satisfies InputTable<CommitTransactionRequest>,
  },
  AbortTransaction: { type: 'structure', members: {} },
  ExecuteStatement: {
    type: 'structure',
    members: {
      TransactionId: TRANSACTION_ID,
      Statement: { type: 'string', required: true, min: 1 },
      Parameters: { type: 'list', member: VALUE_HOLDER },
    } satisfies InputTable<ExecuteStatementRequest>,
  },
  FetchPage: { type: 'structure', members: { TransactionId: TRANSACTION_ID, NextPageToken: { ...TOKEN, required: true } } satisfies InputTable<FetchPageRequest> },
} satisfies InputTable<SendCommandInput>;

/** The commands a SendCommand request may carry, exactly one at a time. */
type Command = Exclude<keyof SendCommandRequest, 'SessionToken'>;

/** Each command's members, as validation leaves them. */
type CommandMembers = { [C in Command]-?: NonNullable<Validated<SendCommandInput>[C]> };

interface CommandCall {
  qldb: QldbSession;
  input: SendCommandRequest;
  caller: Caller;
  /** The answer's TimingInformation, measured from the request's arrival. */
  timing: () => { TimingInformation: TimingInformation };
}

type CommandHandlers = { [C in Command]: (call: CommandCall, members: CommandMembers[C]) => SendCommandResult | Promise<SendCommandResult> };

/**
 * One handler per command, each answering in the shape the driver reads (docs/qldb-session.md#responses). An impaired
 * ledger refuses every command but ending the session or the transaction once its cached data keys
 * have expired. Every command that reads or writes the ledger also needs the caller's own permission to use
 * the ledger's customer managed key, asked again per transaction (docs/qldb-session.md#key-access), as in
 * the public qldb-kms-demo's no-access scenario.
 */
const COMMANDS: CommandHandlers = {
  async StartSession({ qldb, caller, timing }, { LedgerName }) {
    const entry = sessionLedger(qldb.ledgers, LedgerName);
    authorizeSendCommand(qldb.identity, caller.principal, entry.metadata.arn);
    qldb.ledgers.requireUsable(entry);
    await qldb.keyAccess.require(caller, entry);
    const session = qldb.sessions.start(entry, caller.principal);
    return { StartSession: { SessionToken: session.token, ...timing() } };
  },

  EndSession({ qldb, input, timing }) {
    qldb.sessions.end(namedSession(qldb, input).token);
    return { EndSession: timing() };
  },

  async StartTransaction({ qldb, input, caller, timing }) {
    const session = namedSession(qldb, input);
    const ledger = qldb.ledgers.requireUsable(session.entry);
    await qldb.keyAccess.require(caller, session.entry);
    const tx = qldb.sessions.beginTransaction(session, ledger);
    return { StartTransaction: { TransactionId: tx.ledgerTx.id, ...timing() } };
  },

  AbortTransaction({ qldb, input, timing }) {
    // Idempotent: the driver aborts after most errors and would mark the session dead if this failed.
    namedSession(qldb, input).transaction = undefined;
    return { AbortTransaction: timing() };
  },

  async ExecuteStatement({ qldb, input, caller, timing }, { TransactionId, Statement, Parameters }) {
    const session = namedSession(qldb, input);
    qldb.ledgers.requireUsable(session.entry);
    await qldb.keyAccess.require(caller, session.entry);
    const tx = openTransaction(session, TransactionId);
    const values = await executeInTransaction(qldb, session, tx, Statement, Parameters ?? []);
    const page = await firstPage(tx, values, qldb.sessions.config.pageSize);
    return { ExecuteStatement: { FirstPage: page, ...timing(), ConsumedIOs: { ReadIOs: values.length, WriteIOs: 0 } } };
  },

  async FetchPage({ qldb, input, caller, timing }, { TransactionId, NextPageToken }) {
    const session = namedSession(qldb, input);
    qldb.ledgers.requireUsable(session.entry);
    await qldb.keyAccess.require(caller, session.entry);
    const tx = openTransaction(session, TransactionId);
    const remaining = tx.pages.get(NextPageToken);
    if (!remaining) throw sessionErrors.invalidPageToken(NextPageToken);
    tx.pages.delete(NextPageToken);
    const page = await firstPage(tx, remaining, qldb.sessions.config.pageSize);
    return { FetchPage: { Page: page, ...timing(), ConsumedIOs: { ReadIOs: page.Values.length, WriteIOs: 0 } } };
  },

  async CommitTransaction({ qldb, input, caller, timing }, { TransactionId, CommitDigest }) {
    const session = namedSession(qldb, input);
    const ledger = qldb.ledgers.requireUsable(session.entry);
    await qldb.keyAccess.require(caller, session.entry);
    const tx = openTransaction(session, TransactionId);
    const expected = tx.digest.value;
    if (!Buffer.from(CommitDigest).equals(Buffer.from(expected))) {
      session.transaction = undefined;
      throw sessionErrors.digestMismatch();
    }
    // The transaction ends here whatever happens: an OCC failure closes it implicitly (docs/qldb-session.md#sessions-and-transactions).
    session.transaction = undefined;
    const block = await ledger.commit(tx.ledgerTx, tx.statements);
    if (!block) throw sessionErrors.occConflict(tx.ledgerTx.id);
    return { CommitTransaction: { TransactionId, CommitDigest: expected, ...timing(), ConsumedIOs: { ReadIOs: 0, WriteIOs: tx.ledgerTx.writes.size } } };
  },
};

const COMMAND_NAMES = Object.keys(COMMANDS) as Command[];

/**
 * QLDBSession.SendCommand: one command per request, handled by its entry in COMMANDS. Values travel as
 * standalone Ion binary streams.
 */
export const sendCommand = operation<SendCommandInput, SendCommandResult>({
  name: 'SendCommand',
  input: INPUT,
  run(qldb, input, ctx) {
    // Wall time: ProcessingTimeMilliseconds reports how long the real work took.
    const started = Date.now();
    const present = COMMAND_NAMES.flatMap((name) => {
      const members = input[name];
      return members === undefined ? [] : [{ name, members }];
    });
    if (present.length !== 1) throw sessionErrors.commandCount(present.length);
    const timing = () => ({ TimingInformation: { ProcessingTimeMilliseconds: Date.now() - started } });
    const { name, members } = present[0];
    const call = { qldb, input, caller: ctx.caller, timing };
    if (name === 'StartSession' || !input.SessionToken) return runCommand(name, members, call);
    return qldb.sessions.inTurn(input.SessionToken, () => runCommand(name, members, call));
  },
});

/** Runs command `name`'s handler on its members; generic so the compiler pairs each handler with its own command's members. */
function runCommand<C extends Command>(name: C, members: CommandMembers[C], call: CommandCall): SendCommandResult | Promise<SendCommandResult> {
  return COMMANDS[name](call, members);
}

/** The live session the request's SessionToken names; every command but StartSession needs one. */
function namedSession(qldb: QldbSession, input: SendCommandRequest): Session {
  if (!input.SessionToken) throw sessionErrors.sessionTokenRequired();
  return qldb.sessions.get(input.SessionToken);
}

function openTransaction(session: Session, transactionId: string): OpenTransaction {
  const tx = session.transaction;
  if (!tx) throw sessionErrors.noOpenTransaction();
  if (tx.ledgerTx.id !== transactionId) throw sessionErrors.notTheOpenTransaction(transactionId);
  return tx;
}
