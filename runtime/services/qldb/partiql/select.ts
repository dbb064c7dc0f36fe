import type { dom } from 'ion-js';
import type { LedgerView } from '../ledger/ledger-view';
import type { Expr, Statement } from './ast';
import { semanticError } from './errors';
import { evaluate, type Binding } from './evaluate';
import { bindRows } from './from-clause';
import { ionInt, ionStruct, asStruct, isMissing, textOf, type PValue } from './values';
import { PAUSE, turnIsOver, type Cooperative } from './work-meter';

type Select = Extract<Statement, { kind: 'select' }>;

export function* executeSelect(statement: Select, params: readonly dom.Value[], view: LedgerView): Cooperative<dom.Value[]> {
  const { projection, from, where } = statement;
  const rows = yield* bindRows(from, where, params, view);

  switch (projection.kind) {
    case 'star':
      if (from.length === 0) throw semanticError('SELECT * requires a FROM clause');
      return yield* project(rows, star);
    case 'value': {
      const values = yield* project(rows, (bindings) => evaluate(projection.expr, { params, bindings }));
      return values.filter((v): v is dom.Value => !isMissing(v));
    }
    case 'items': {
      const { items } = projection;
      const counts = items.filter((i) => i.expr.kind === 'count-star').length;
      if (counts > 0) {
        // COUNT(*) without GROUP BY: one row, PartiQL's positional name `_1` unless aliased.
        if (counts !== items.length) throw semanticError('COUNT(*) cannot be mixed with other SELECT items');
        return [ionStruct(items.map((item, i) => [item.alias ?? `_${i + 1}`, ionInt(rows.length)]))];
      }
      const names = items.map((item, i) => item.alias ?? derivedName(item.expr) ?? `_${i + 1}`);
      return yield* project(rows, (bindings) => ionStruct(items.map((item, i): [string, PValue] => [names[i], evaluate(item.expr, { params, bindings })])));
    }
  }
}

/** One result value per row, pausing between rows once the statement has had its turn. */
function* project<T>(rows: Binding[][], value: (bindings: Binding[]) => T): Cooperative<T[]> {
  const values: T[] = [];
  for (const bindings of rows) {
    if (turnIsOver()) yield PAUSE;
    values.push(value(bindings));
  }
  return values;
}

/**
 * `SELECT *` over one FROM item is that item's value itself (the document, exactly as stored); over
 * several, PartiQL merges the fields of each struct binding, naming any other value by position.
 */
function star(bindings: Binding[]): dom.Value {
  const items = bindings.filter((b) => b.item);
  const only = items.length === 1 ? asStruct(items[0].value) : undefined;
  if (only) return only;
  const fields: [string, PValue][] = [];
  items.forEach((binding, i) => {
    const struct = asStruct(binding.value);
    if (struct) {
      for (const [name, values] of struct.allFields()) fields.push(...values.map((v): [string, PValue] => [name, v]));
    }
    else fields.push([`_${i + 1}`, binding.value]);
  });
  return ionStruct(fields);
}

/** PartiQL names a projected path after its last field (`t.a.b` → `b`), a variable after itself. */
function derivedName(expr: Expr): string | undefined {
  if (expr.kind === 'var') return expr.name;
  if (expr.kind !== 'path') return undefined;
  const last = expr.steps[expr.steps.length - 1];
  if (last.kind === 'field') return last.name;
  return last.index.kind === 'literal' ? textOf(last.index.value) : undefined;
}
