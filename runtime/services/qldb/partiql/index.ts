import type { dom } from 'ion-js';
import type { LedgerView } from '../ledger/ledger-view';
import type { FromItem, Statement } from './ast';
import { executeDdl, executeRedact } from './ddl';
import { executeDelete, executeInsert, executeUpdate } from './dml';
import { parameterCountMismatch } from './errors';
import { parse } from './parser';
import { executeSelect } from './select';
import { textOf } from './values';
import { COMMITTED_VIEW_PREFIX } from './views';
import { metered, type Cooperative } from './work-meter';

export { PAUSE, runCooperatively, TURN_MS, type Cooperative } from './work-meter';

export interface ParsedStatement {
  kind: 'select' | 'insert' | 'update' | 'delete' | 'create-table' | 'drop-table' | 'undrop-table' | 'create-index' | 'drop-index' | 'redact';
  /** The IAM actions the statement needs in the STANDARD permissions mode (docs/qldb-partiql.md#permissions-modes). */
  actions: string[];
  /** Tables the statement references, by name or (UNDROP, history('id'), REDACT) by id. */
  tables: { name?: string; tableId?: string }[];
  /** Whether it reads information_schema.user_tables (a catalog resource in STANDARD mode). */
  readsCatalog: boolean;
  parameterCount: number;
  /** `CREATE TABLE … WITH (aws_tags = …)`: the tags to apply to the new table. */
  tags?: Record<string, string>;
  /** The syntax tree; immutable, so a parsed statement can be cached by its text and reused. */
  readonly ast: Statement;
}

/** Parses one PartiQL statement; anything outside QLDB's subset is a BadRequestException naming it. */
export function parseStatement(text: string): ParsedStatement {
  const { statement, parameterCount } = parse(text);
  const access = accessOf(statement);
  return {
    kind: statement.kind,
    actions: [...new Set(access.actions)],
    tables: dedupe(access.tables),
    readsCatalog: access.readsCatalog,
    parameterCount,
    tags: statement.kind === 'create-table' ? statement.tags : undefined,
    ast: statement,
  };
}

/**
 * A parsed statement's evaluation inside the open transaction the view represents, one result value per row;
 * it pauses (see runCooperatively) where a long statement must let other clients in.
 */
export function executeStatement(parsed: ParsedStatement, params: dom.Value[], view: LedgerView): Cooperative<dom.Value[]> {
  if (params.length !== parsed.parameterCount) throw parameterCountMismatch(parsed.parameterCount, params.length);
  return metered(evaluateStatement(parsed.ast, params, view));
}

function* evaluateStatement(statement: Statement, params: dom.Value[], view: LedgerView): Cooperative<dom.Value[]> {
  switch (statement.kind) {
    case 'select':
      return yield* executeSelect(statement, params, view);
    case 'insert':
      return executeInsert(statement, params, view);
    case 'update':
      return yield* executeUpdate(statement, params, view);
    case 'delete':
      return yield* executeDelete(statement, params, view);
    case 'redact':
      return executeRedact(statement, params, view);
    default:
      return executeDdl(statement, view);
  }
}

interface Access {
  actions: string[];
  tables: { name?: string; tableId?: string }[];
  readsCatalog: boolean;
}

const partiql = (command: string) => `qldb:PartiQL${command}`;

/**
 * The action/resource pairs of the QLDB permissions reference ("Getting started with the standard
 * permissions mode"). A history() query needs PartiQLHistoryFunction on its table; reading the catalog
 * needs PartiQLSelect on information_schema.
 */
function accessOf(statement: Statement): Access {
  switch (statement.kind) {
    case 'select':
      return selectAccess(statement.from);
    case 'insert':
      return { actions: [partiql('Insert')], tables: [{ name: statement.table }], readsCatalog: false };
    case 'update': {
      const first = statement.from[0];
      const alias = first.alias;
      const deletesDocument = statement.operations.some((op) => op.kind === 'remove' && op.target.kind === 'var' && op.target.name === alias);
      const edits = statement.operations.some((op) => !(op.kind === 'remove' && op.target.kind === 'var' && op.target.name === alias));
      const actions = [...(edits ? [partiql('Update')] : []), ...(deletesDocument ? [partiql('Delete')] : [])];
      return { actions, tables: tableOf(first), readsCatalog: false };
    }
    case 'delete':
      return { actions: [partiql('Delete')], tables: tableOf(statement.from[0]), readsCatalog: false };
    case 'create-table':
      // Tagging on creation also needs qldb:TagResource (developer guide, standard permissions reference).
      return { actions: [partiql('CreateTable'), ...(statement.tags ? ['qldb:TagResource'] : [])], tables: [{ name: statement.name }], readsCatalog: false };
    case 'drop-table':
      return { actions: [partiql('DropTable')], tables: [{ name: statement.name }], readsCatalog: false };
    case 'undrop-table':
      return { actions: [partiql('UndropTable')], tables: [{ tableId: statement.tableId }], readsCatalog: false };
    case 'create-index':
      return { actions: [partiql('CreateIndex')], tables: [{ name: statement.table }], readsCatalog: false };
    case 'drop-index':
      return { actions: [partiql('DropIndex')], tables: [{ name: statement.table }], readsCatalog: false };
    case 'redact': {
      const tableId = statement.tableId.kind === 'literal' ? textOf(statement.tableId.value) : undefined;
      return { actions: [partiql('Redact')], tables: tableId === undefined ? [] : [{ tableId }], readsCatalog: false };
    }
  }
}

function selectAccess(from: FromItem[]): Access {
  const access: Access = { actions: [], tables: [], readsCatalog: false };
  for (const item of from) {
    const { source } = item;
    if (source.kind === 'table') {
      access.actions.push(partiql('Select'));
      access.tables.push(...tableOf(item));
    } else if (source.kind === 'catalog') {
      access.actions.push(partiql('Select'));
      access.readsCatalog = true;
    } else if (source.kind === 'history') {
      access.actions.push(partiql('HistoryFunction'));
      access.tables.push('tableId' in source.table ? { tableId: source.table.tableId } : { name: source.table.name });
    }
  }
  if (access.actions.length === 0) access.actions.push(partiql('Select'));
  return access;
}

/** A FROM table by name; `_ql_committed_T` is table T (the committed view is authorized as the table). */
function tableOf(item: FromItem): { name: string }[] {
  if (item.source.kind !== 'table') return [];
  const { name } = item.source;
  return [{ name: name.startsWith(COMMITTED_VIEW_PREFIX) ? name.slice(COMMITTED_VIEW_PREFIX.length) : name }];
}

function dedupe(tables: { name?: string; tableId?: string }[]): { name?: string; tableId?: string }[] {
  const seen = new Set<string>();
  return tables.filter((t) => {
    const key = t.name !== undefined ? `n:${t.name}` : `i:${t.tableId}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
