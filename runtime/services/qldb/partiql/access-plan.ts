import type { TableInfo } from '../ledger/ledger-view';
import type { Expr, FromItem } from './ast';
import { textOf } from './values';

/**
 * How a FROM table is read. QLDB uses an index only for `=` and `IN` on an indexed top-level field
 * (developer guide, "Optimizing query performance"); anything else scans the table, which also makes the
 * transaction conflict with every concurrent write to it. A document-id equality reads one document.
 */
export type Access =
  | { kind: 'scan' }
  | { kind: 'document'; id: Expr }
  /** `values` evaluates to one value (`=`) or to a collection of candidates (`IN`). */
  | { kind: 'lookup'; field: string; values: Expr; collection: boolean };

/** Splits a condition into its top-level AND operands. */
export function conjunctsOf(expr: Expr | undefined): Expr[] {
  if (!expr) return [];
  return expr.kind === 'and' ? [...conjunctsOf(expr.left), ...conjunctsOf(expr.right)] : [expr];
}

/**
 * The cheapest access for `from[position]`, a user table (or its committed view when `committed`), given
 * every condition that must hold for a row (WHERE plus all ON clauses: inner joins only). A condition
 * is usable when its other side depends only on parameters, literals and earlier FROM variables.
 */
export function planAccess(from: FromItem[], position: number, conditions: Expr[], table: TableInfo, committed: boolean): Access {
  const item = from[position];
  const earlier = new Set(from.slice(0, position).flatMap((f) => (f.byVar ? [f.alias, f.byVar] : [f.alias])));
  const allNames = new Set(from.flatMap((f) => (f.byVar ? [f.alias, f.byVar] : [f.alias])));
  const indexed = new Set(table.indexes.filter((i) => i.status === 'ONLINE').map((i) => i.field));
  const candidates: Access[] = [];

  for (const condition of conditions) {
    const sides: [Expr, Expr, boolean][] = [];
    if (condition.kind === 'compare' && condition.op === '=') {
      sides.push([condition.left, condition.right, false], [condition.right, condition.left, false]);
    } else if (condition.kind === 'in' && !condition.negated) {
      sides.push([condition.operand, condition.collection, true]);
    }
    for (const [target, other, collection] of sides) {
      const path = targetPath(target, item, allNames, from.length === 1);
      if (!path || !dependsOnlyOn(other, earlier)) continue;
      const isId = committed ? path.join('.') === 'metadata.id' : path.length === 1 && path[0] === BY_ID;
      const field = committed ? (path.length === 2 && path[0] === 'data' ? path[1] : undefined) : path.length === 1 ? path[0] : undefined;
      if (isId && !collection) candidates.unshift({ kind: 'document', id: other });
      else if (field !== undefined && field !== BY_ID && indexed.has(field)) candidates.push({ kind: 'lookup', field, values: other, collection });
    }
  }
  return candidates[0] ?? { kind: 'scan' };
}

/** Stands for the item's BY variable in a target path (not a possible field name: it holds a NUL). */
const BY_ID = '\u0000by';

/** The static field path a condition side names inside `item`'s row, if it names one. */
function targetPath(expr: Expr, item: FromItem, allNames: Set<string>, onlyItem: boolean): string[] | undefined {
  const root = expr.kind === 'path' ? expr.root : expr;
  if (root.kind !== 'var') return undefined;
  const steps: string[] = [];
  for (const step of expr.kind === 'path' ? expr.steps : []) {
    if (step.kind === 'field') steps.push(step.name);
    else {
      const name = step.index.kind === 'literal' ? textOf(step.index.value) : undefined;
      if (name === undefined) return undefined;
      steps.push(name);
    }
  }
  if (root.name === item.byVar) return steps.length === 0 ? [BY_ID] : undefined;
  if (root.name === item.alias) return steps;
  // A bare name that is no FROM variable is a field of the only FROM item (`WHERE VIN = ?`).
  if (!root.atSign && onlyItem && !allNames.has(root.name)) return [root.name, ...steps];
  return undefined;
}

/** Whether every variable the expression reads is one of `names`. */
function dependsOnlyOn(expr: Expr, names: Set<string>): boolean {
  switch (expr.kind) {
    case 'literal':
    case 'param':
      return true;
    case 'var':
      return names.has(expr.name);
    case 'path':
      return dependsOnlyOn(expr.root, names) && expr.steps.every((s) => s.kind === 'field' || dependsOnlyOn(s.index, names));
    case 'struct':
      return expr.fields.every((f) => dependsOnlyOn(f.key, names) && dependsOnlyOn(f.value, names));
    case 'list':
      return expr.items.every((i) => dependsOnlyOn(i, names));
    case 'negate':
      return dependsOnlyOn(expr.operand, names);
    case 'arithmetic':
      return dependsOnlyOn(expr.left, names) && dependsOnlyOn(expr.right, names);
    default:
      return false;
  }
}
