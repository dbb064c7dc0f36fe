import type { dom } from 'ion-js';
import type { LedgerView } from '../ledger/ledger-view';
import type { Statement } from './ast';
import { semanticError } from './errors';
import { evaluate } from './evaluate';
import { activeTable } from './from-clause';
import { fieldOf, integerOf, ionInt, ionString, ionStruct, textOf, type PValue } from './values';

type Ddl = Extract<Statement, { kind: 'create-table' | 'drop-table' | 'undrop-table' | 'create-index' | 'drop-index' }>;
type Redact = Extract<Statement, { kind: 'redact' }>;

/** Every DDL statement answers `{tableId}` (docs/qldb-partiql.md#statement-results). */
const tableIdRow = (tableId: string) => ionStruct([['tableId', ionString(tableId)]]);

export function executeDdl(statement: Ddl, view: LedgerView): dom.Value[] {
  switch (statement.kind) {
    case 'create-table':
      return [tableIdRow(view.createTable(statement.name))];
    case 'drop-table': {
      const table = activeTable(view, statement.name, statement.pos);
      view.dropTable(table.tableId);
      return [tableIdRow(table.tableId)];
    }
    case 'undrop-table':
      view.undropTable(statement.tableId);
      return [tableIdRow(statement.tableId)];
    case 'create-index': {
      const table = activeTable(view, statement.table, statement.pos);
      view.createIndex(table.tableId, statement.field);
      return [tableIdRow(table.tableId)];
    }
    case 'drop-index': {
      const table = activeTable(view, statement.table, statement.pos);
      view.dropIndex(table.tableId, statement.indexId);
      return [tableIdRow(table.tableId)];
    }
  }
}

/** `EXEC REDACT_REVISION` answers the redaction request it recorded (docs/qldb-partiql.md#statement-results, docs/qldb-partiql.md#redaction). */
export function executeRedact(statement: Redact, params: readonly dom.Value[], view: LedgerView): dom.Value[] {
  const ctx = { params, bindings: [] };
  const address = evaluate(statement.address, ctx);
  const strandId = textOf(fieldOf(address, 'strandId'));
  const sequenceNo = integerOf(fieldOf(address, 'sequenceNo'));
  if (strandId === undefined || sequenceNo === undefined) {
    throw semanticError('the block address must be an Ion struct {strandId: string, sequenceNo: int}');
  }
  const tableId = requiredText(evaluate(statement.tableId, ctx), 'tableId');
  const documentId = requiredText(evaluate(statement.documentId, ctx), 'documentId');
  const result = view.redactRevision({ strandId, sequenceNo: Number(sequenceNo) }, tableId, documentId);
  return [
    ionStruct([
      ['blockAddress', ionStruct([['strandId', ionString(result.blockAddress.strandId)], ['sequenceNo', ionInt(result.blockAddress.sequenceNo)]])],
      ['tableId', ionString(result.tableId)],
      ['documentId', ionString(result.documentId)],
      ['version', ionInt(result.version)],
    ]),
  ];
}

function requiredText(value: PValue, what: string): string {
  const text = textOf(value);
  if (text === undefined) throw semanticError(`the ${what} argument of REDACT_REVISION must be a string`);
  return text;
}
