import type { ValueHolder } from '@aws-sdk/client-qldb-session';
import { dumpBinary, load, type dom } from 'ion-js';
import { executeStatement, parseStatement, runCooperatively } from '../partiql';
import { authorizeStatement } from './authorize';
import { checkBinaryNumbers } from './ion-binary-scan';
import { checkParameterBounds } from './parameter-bounds';
import { sessionErrors } from './errors';
import { STATEMENT_CACHE_LIMIT, type QldbSession } from './qldb-session';
import type { OpenTransaction, Session } from './session-registry';

/** QLDB's size quotas on statements and parameters, refused with BadRequestException as QLDB's other limits. */
const LIMITS = { statementCharacters: 100_000, parameterBinaryBytes: 128 * 1024, parameterTextCharacters: 1024 * 1024 };

/** Ion text or binary as one value within the parameter bounds; anything else is not a valid parameter. */
function loadParameter(source: string | Uint8Array, position: number): dom.Value {
  let value: dom.Value | null;
  try {
    value = load(source);
  } catch {
    throw sessionErrors.invalidParameterValue(position);
  }
  if (value === null) throw sessionErrors.invalidParameterValue(position);
  checkParameterBounds(value, position);
  return value;
}

function decodeParameter(holder: ValueHolder, index: number): { value: dom.Value; bytes: Uint8Array } {
  if ((holder.IonBinary?.length ?? 0) > LIMITS.parameterBinaryBytes || (holder.IonText?.length ?? 0) > LIMITS.parameterTextCharacters) {
    throw sessionErrors.parameterTooLarge(index + 1, LIMITS.parameterBinaryBytes, LIMITS.parameterTextCharacters);
  }
  if (holder.IonBinary) {
    // Binary is checked before ion-js decodes it: the decoding is what a hostile number makes slow.
    checkBinaryNumbers(holder.IonBinary, index + 1);
    return { value: loadParameter(holder.IonBinary, index + 1), bytes: holder.IonBinary };
  }
  if (holder.IonText === undefined) throw sessionErrors.invalidParameterValue(index + 1);
  // Text is checked before it is encoded: the encoding is what a hostile decimal makes slow.
  const value = loadParameter(holder.IonText, index + 1);
  try {
    const bytes = dumpBinary(value);
    return { value: load(bytes)!, bytes };
  } catch {
    throw sessionErrors.invalidParameterValue(index + 1);
  }
}

/**
 * Runs one ExecuteStatement in the session's open transaction and returns every value it produced. A long
 * statement pauses to let other clients in, so the session's commands must run one at a time
 * (SessionRegistry.inTurn): nothing else may touch the transaction until this has ended.
 */
export async function executeInTransaction(qldb: QldbSession, session: Session, tx: OpenTransaction, statement: string, parameters: ValueHolder[]): Promise<dom.Value[]> {
  // A statement with no UTF-8 form cannot be folded into the digest (nor would the driver's be).
  if (!(statement as string & { isWellFormed(): boolean }).isWellFormed()) throw sessionErrors.statementNotUnicode();
  const decoded = parameters.map(decodeParameter);
  // The driver folds every statement into its digest before it sends it, so the server folds on
  // receipt too: a statement that fails still counts if the application commits anyway (docs/qldb-session.md#commit-digest).
  const statementDigest = tx.digest.add(statement, decoded.map((p) => p.bytes));
  tx.ledgerTx.statementIndex = tx.statements.length;
  tx.statements.push({ statement, startTime: qldb.clock.now(), statementDigest });
  if (statement.length > LIMITS.statementCharacters) throw sessionErrors.statementTooLong(statement.length, LIMITS.statementCharacters);
  let parsed = qldb.statementCache.get(statement);
  if (!parsed) {
    parsed = parseStatement(statement);
    if (qldb.statementCache.size > STATEMENT_CACHE_LIMIT) qldb.statementCache.clear();
    qldb.statementCache.set(statement, parsed);
  }
  if (session.entry.metadata.permissionsMode === 'STANDARD') authorizeStatement(qldb.identity, session.principal, session.entry.metadata.arn, parsed, tx.ledgerTx);
  const savepoint = tx.ledgerTx.savepoint();
  try {
    return await runCooperatively(executeStatement(parsed, decoded.map((p) => p.value), tx.ledgerTx));
  } catch (e) {
    // A failed statement leaves no partial effect behind in the transaction.
    tx.ledgerTx.rollbackTo(savepoint);
    throw e;
  }
}
