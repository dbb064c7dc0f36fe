import type { dom } from 'ion-js';
import type { LedgerView } from '../ledger/ledger-view';
import type { DmlOperation, FromItem, Statement } from './ast';
import { insertIn, removeIn, setIn, type DocPath } from './document-edit';
import { semanticError } from './errors';
import { evaluate, findBinding, type Binding, type Context, type Origin } from './evaluate';
import { activeTable, bindRows, originOf } from './from-clause';
import type { Cooperative } from './work-meter';
import { asSequence, asStruct, elementsOf, ionString, ionStruct, isMissing, MISSING, type PValue } from './values';

type Insert = Extract<Statement, { kind: 'insert' }>;
type Update = Extract<Statement, { kind: 'update' }>;
type Delete = Extract<Statement, { kind: 'delete' }>;

/** DML statements answer one `{documentId}` per affected document (docs/qldb-partiql.md#statement-results). */
const documentIdRow = (documentId: string) => ionStruct([['documentId', ionString(documentId)]]);

/** `INSERT INTO T VALUE v` inserts one struct; `<< … >>` / `?` insert a struct or each struct of a list or bag. */
export function executeInsert(statement: Insert, params: readonly dom.Value[], view: LedgerView): dom.Value[] {
  const table = activeTable(view, statement.table, statement.pos);
  const value = evaluate(statement.value, { params, bindings: [] });
  const candidates = statement.many && asSequence(value) ? elementsOf(value) : [value];
  const documents = candidates.map((candidate) => {
    const document = asStruct(candidate);
    if (!document) throw semanticError(`a document must be an Ion struct; found ${isMissing(candidate) ? 'MISSING' : candidate.getType().name}`);
    return document;
  });
  return documents.map((document) => documentIdRow(view.insert(table.tableId, document)));
}

export function* executeDelete(statement: Delete, params: readonly dom.Value[], view: LedgerView): Cooperative<dom.Value[]> {
  requireUserTable(statement.from[0], view);
  const rows = yield* bindRows(statement.from, statement.where, params, view);
  const deleted = new Map<string, string>();
  for (const bindings of rows) {
    const origin = bindings[0].origin!;
    deleted.set(origin.documentId, origin.tableId);
  }
  for (const [documentId, tableId] of deleted) view.delete(tableId, documentId);
  return [...deleted.keys()].map(documentIdRow);
}

interface Edit {
  kind: DmlOperation['kind'];
  path: DocPath;
  value: PValue;
  at: PValue;
}

interface PendingDocument {
  origin: Origin;
  edits: Edit[];
}

/**
 * UPDATE and FROM … SET/REMOVE/INSERT INTO. Every row is bound and every new value computed against
 * the documents as they were before the statement; then each affected document gets one new revision.
 * REMOVE of the document itself deletes it (developer guide, "FROM (INSERT, REMOVE, or SET)").
 */
export function* executeUpdate(statement: Update, params: readonly dom.Value[], view: LedgerView): Cooperative<dom.Value[]> {
  requireUserTable(statement.from[0], view);
  const pending = new Map<string, PendingDocument>();
  for (const bindings of yield* bindRows(statement.from, statement.where, params, view)) {
    const ctx: Context = { params, bindings };
    for (const operation of statement.operations) {
      const origin = targetOrigin(operation, ctx);
      const key = `${origin.tableId}/${origin.documentId}`;
      const doc = pending.get(key) ?? { origin, edits: [] };
      pending.set(key, doc);
      doc.edits.push({
        kind: operation.kind,
        path: origin.path,
        value: operation.kind === 'remove' ? MISSING : evaluate(operation.value, ctx),
        at: operation.kind === 'insert' && operation.at ? evaluate(operation.at, ctx) : MISSING,
      });
    }
  }
  for (const { origin, edits } of pending.values()) {
    const updated = applyEdits(origin.data, edits);
    if (updated) view.update(origin.tableId, origin.documentId, updated);
    else view.delete(origin.tableId, origin.documentId);
  }
  return [...pending.values()].map(({ origin }) => documentIdRow(origin.documentId));
}

function requireUserTable(item: FromItem, view: LedgerView): void {
  const { source } = item;
  if (source.kind !== 'table') throw semanticError('DML statements are supported on user tables only');
  activeTable(view, source.name, source.pos);
}

/**
 * The document path a SET/REMOVE/INSERT target names. A bare name that is no FROM variable is a field of
 * the first FROM item (`UPDATE T SET a = 1`).
 */
function targetOrigin(operation: DmlOperation, ctx: Context): Origin {
  const { target } = operation;
  const root = target.kind === 'path' ? target.root : target;
  if (root.kind !== 'var') throw semanticError('the target of SET, REMOVE or INSERT INTO must be a path');
  const direct = findBinding(ctx, root.name) ? originOf(target, ctx) : undefined;
  if (direct) return direct;
  if (!findBinding(ctx, root.name) && !root.atSign) {
    const document: Binding = ctx.bindings[0];
    const rooted = originOf(
      { kind: 'path', root: { kind: 'var', name: document.name, atSign: true, pos: root.pos }, steps: [{ kind: 'field', name: root.name }, ...(target.kind === 'path' ? target.steps : [])] },
      ctx,
    );
    if (rooted) return rooted;
  }
  throw semanticError(`cannot modify '${root.name}': it is not a path into a document of the table`);
}

/** The edited document, or undefined when the statement removes the document itself. */
function applyEdits(data: dom.Value, edits: Edit[]): dom.Value | undefined {
  let document = data;
  for (const edit of edits) {
    if (edit.kind === 'remove') continue;
    if (isMissing(edit.value)) {
      // SET x = MISSING removes x, as in PartiQL.
      if (edit.path.length > 0) document = removeIn(document, edit.path);
      continue;
    }
    if (edit.kind === 'set') {
      if (edit.path.length === 0 && !asStruct(edit.value)) throw semanticError('a document must be an Ion struct');
      document = setIn(document, edit.path, edit.value);
    } else {
      document = insertIn(document, edit.path, edit.value, edit.at);
    }
  }
  const removals = [...new Map(edits.filter((e) => e.kind === 'remove').map((e) => [JSON.stringify(e.path), e.path])).values()];
  if (removals.some((path) => path.length === 0)) return undefined;
  // Later list positions first, so removing one element does not shift another that is still to go.
  for (const path of removals.sort(laterFirst)) document = removeIn(document, path);
  return document;
}

function laterFirst(a: DocPath, b: DocPath): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i] === b[i]) continue;
    if (typeof a[i] === 'number' && typeof b[i] === 'number') return (b[i] as number) - (a[i] as number);
    return 0;
  }
  return b.length - a.length;
}
