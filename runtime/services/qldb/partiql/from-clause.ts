import type { dom } from 'ion-js';
import type { LedgerView, Revision, TableInfo } from '../ledger/ledger-view';
import { conjunctsOf, planAccess, type Access } from './access-plan';
import type { Expr, FromItem, Position } from './ast';
import type { DocPath } from './document-edit';
import { semanticError } from './errors';
import { allowWorkForScannedRow, PAUSE, spendWork, turnIsOver, type Cooperative } from './work-meter';
import { evaluate, findBinding, isTrue, type Binding, type Context, type Origin } from './evaluate';
import { dateOf, elementsOf, integerOf, asSequence, isAbsent, ionString, textOf, type PValue } from './values';
import { activeRevisions, catalogRow, COMMITTED_VIEW_PREFIX, revisionRow } from './views';

/** A FROM item with its table resolved and its access chosen, once per execution. */
type ResolvedSource =
  | { kind: 'user'; table: TableInfo; access: Access }
  | { kind: 'committed'; table: TableInfo; access: Access }
  | { kind: 'rows'; rows: dom.Value[] }
  /** Turned into rows as they are read: a revision row holds the document, which decoding it costs. */
  | { kind: 'history'; revisions: Revision[] }
  | { kind: 'nested'; path: Expr };

interface Entry {
  value: PValue;
  origin?: Origin;
  documentId?: string;
}

const noSuchTable = (name: string, pos: Position) =>
  semanticError(`at line ${pos.line}, column ${pos.column}: No such variable named '${name}'`);

/** The ACTIVE user table called `name`, or a BadRequestException naming it. */
export function activeTable(view: LedgerView, name: string, pos: Position): TableInfo {
  const table = view.tableByName(name);
  if (!table) throw noSuchTable(name, pos);
  return table;
}

/**
 * Every combination of FROM bindings that satisfies the ON clauses and WHERE: nested loops over the
 * items in order (QLDB supports inner joins only), each table read through its planned access, one row
 * at a time so that the statement can pause between any two.
 */
export function* bindRows(from: FromItem[], where: Expr | undefined, params: readonly dom.Value[], view: LedgerView): Cooperative<Binding[][]> {
  const conditions = [...conjunctsOf(where), ...from.flatMap((item) => conjunctsOf(item.on))];
  const sources = from.map((item, position) => resolve(item, position, from, conditions, params, view));
  const rows: Binding[][] = [];
  const keep = (bindings: Binding[]) => {
    if (!where || isTrue(where, { params, bindings })) rows.push(bindings);
  };
  // The last item's rows are kept in its own loop, not in one more generator each: that would cost a third
  // of a join's time.
  function* visit(position: number, bindings: Binding[]): Cooperative<void> {
    const item = from[position];
    const last = position === from.length - 1;
    for (const entry of entries(sources[position], { params, bindings }, view)) {
      if (turnIsOver()) yield PAUSE;
      if (position === 0) allowWorkForScannedRow();
      spendWork();
      const next = [...bindings, { name: item.alias, value: entry.value, item: true, origin: entry.origin }];
      if (item.byVar) next.push({ name: item.byVar, value: ionString(entry.documentId!), item: false });
      if (item.on && !isTrue(item.on, { params, bindings: next })) continue;
      if (last) keep(next);
      else yield* visit(position + 1, next);
    }
  }
  if (from.length === 0) keep([]);
  else yield* visit(0, []);
  return rows;
}

function resolve(item: FromItem, position: number, from: FromItem[], conditions: Expr[], params: readonly dom.Value[], view: LedgerView): ResolvedSource {
  const { source } = item;
  if (item.byVar && source.kind !== 'table') throw semanticError('BY is only supported on a user table');
  switch (source.kind) {
    case 'table': {
      const user = view.tableByName(source.name);
      if (user) return { kind: 'user', table: user, access: planAccess(from, position, conditions, user, false) };
      const committed = source.name.startsWith(COMMITTED_VIEW_PREFIX) ? view.tableByName(source.name.slice(COMMITTED_VIEW_PREFIX.length)) : undefined;
      if (!committed) throw noSuchTable(source.name, source.pos);
      if (item.byVar) throw semanticError('BY is only supported on a user table');
      return { kind: 'committed', table: committed, access: planAccess(from, position, conditions, committed, true) };
    }
    case 'catalog':
      return { kind: 'rows', rows: view.tables().map(catalogRow) };
    case 'history': {
      // The table-id form also reaches dropped (INACTIVE) tables (developer guide, "History function").
      const ref = source.table;
      const table = 'tableId' in ref ? view.tableById(ref.tableId) : activeTable(view, ref.name, ref.pos);
      if (!table) throw semanticError(`no table has the id '${'tableId' in ref ? ref.tableId : ref.name}'`);
      const ctx: Context = { params, bindings: [] };
      const start = source.start ? historyBound(evaluate(source.start, ctx)) : undefined;
      const end = source.end ? historyBound(evaluate(source.end, ctx)) : undefined;
      return { kind: 'history', revisions: activeRevisions(view.history(table.tableId), start, end) };
    }
    case 'nested':
      return { kind: 'nested', path: source.path };
  }
}

/** history() bounds are Ion timestamps, inclusive, in UTC (developer guide, "History function"). */
function historyBound(value: PValue): Date {
  const date = dateOf(value);
  if (!date) throw semanticError('the start and end arguments of history() must be Ion timestamps');
  return date;
}

/** The source's rows, read as they are asked for: a long scan pauses between documents, not after them all. */
function* entries(source: ResolvedSource, ctx: Context, view: LedgerView): Iterable<Entry> {
  switch (source.kind) {
    case 'user':
      for (const revision of read(source.table, source.access, ctx, view)) {
        const data = revision.data;
        if (data === undefined) continue;
        const documentId = revision.metadata.id;
        yield { value: data, documentId, origin: { tableId: source.table.tableId, documentId, data, path: [] } };
      }
      return;
    case 'committed':
      for (const revision of read(source.table, source.access, ctx, view)) yield { value: revisionRow(revision) };
      return;
    case 'rows':
      for (const value of source.rows) yield { value };
      return;
    case 'history':
      for (const revision of source.revisions) yield { value: revisionRow(revision) };
      return;
    case 'nested':
      yield* nestedEntries(source.path, ctx);
  }
}

function read(table: TableInfo, access: Access, ctx: Context, view: LedgerView): Iterable<Revision> {
  switch (access.kind) {
    case 'scan':
      return view.scan(table.tableId);
    case 'document': {
      const id = textOf(evaluate(access.id, ctx));
      const revision = id === undefined ? undefined : view.document(table.tableId, id);
      return revision ? [revision] : [];
    }
    case 'lookup': {
      const value = evaluate(access.values, ctx);
      const candidates = (access.collection ? elementsOf(value) : [value]).filter((v): v is dom.Value => !isAbsent(v));
      const seen = new Set<string>();
      const revisions: Revision[] = [];
      for (const candidate of candidates) {
        for (const revision of view.lookup(table.tableId, access.field, candidate)) {
          if (seen.has(revision.metadata.id)) continue;
          seen.add(revision.metadata.id);
          revisions.push(revision);
        }
      }
      return revisions;
    }
  }
}

/**
 * `FROM T AS t, t.Owners AS o`: the elements of a collection inside an earlier binding (a non-collection
 * value is a single element; NULL and MISSING give none). When the path is static, each element keeps
 * its place in the document, so `FROM … REMOVE o` can edit it.
 */
function nestedEntries(path: Expr, ctx: Context): Entry[] {
  const value = evaluate(path, ctx);
  const base = originOf(path, ctx);
  if (isAbsent(value)) return [];
  if (!asSequence(value)) return [{ value, origin: base }];
  return elementsOf(value).map((element, i) => ({ value: element, origin: base && { ...base, path: [...base.path, i] } }));
}

/** Where a path expression rooted at a FROM variable points inside a user document, if it is static. */
export function originOf(expr: Expr, ctx: Context): Origin | undefined {
  const root = expr.kind === 'path' ? expr.root : expr;
  if (root.kind !== 'var') return undefined;
  const binding = findBinding(ctx, root.name);
  if (!binding?.origin) return undefined;
  const path: DocPath = [...binding.origin.path];
  for (const step of expr.kind === 'path' ? expr.steps : []) {
    if (step.kind === 'field') {
      path.push(step.name);
      continue;
    }
    const index = evaluate(step.index, ctx);
    const name = textOf(index);
    const position = integerOf(index);
    if (name !== undefined) path.push(name);
    else if (position !== undefined) path.push(Number(position));
    else return undefined;
  }
  return { ...binding.origin, path };
}
