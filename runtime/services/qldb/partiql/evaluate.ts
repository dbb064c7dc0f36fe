import { dom } from 'ion-js';
import { applyArithmetic, negate } from './arithmetic';
import type { Expr } from './ast';
import type { DocPath } from './document-edit';
import { semanticError } from './errors';
import { spendWork } from './work-meter';
import {
  compareValues,
  elementsOf,
  fieldOf,
  indexOf,
  ionBool,
  ionNull,
  ionStruct,
  isAbsent,
  isMissing,
  MISSING,
  textOf,
  truthOf,
  valuesEqual,
  type PValue,
} from './values';

/** Where a FROM binding lives inside a user-view document, so DML can write through it. */
export interface Origin {
  tableId: string;
  documentId: string;
  /** The document's current data, the base of every edit. */
  data: dom.Value;
  path: DocPath;
}

export interface Binding {
  name: string;
  value: PValue;
  /** FROM-item values take part in resolving unqualified names; BY variables do not. */
  item: boolean;
  origin?: Origin;
}

export interface Context {
  params: readonly dom.Value[];
  bindings: readonly Binding[];
}

export const findBinding = (ctx: Context, name: string): Binding | undefined => ctx.bindings.find((b) => b.name === name);

export function evaluate(expr: Expr, ctx: Context): PValue {
  spendWork();
  switch (expr.kind) {
    case 'literal':
      return expr.value;
    case 'param':
      return ctx.params[expr.index];
    case 'var':
      return resolveVariable(expr, ctx);
    case 'path': {
      let value = evaluate(expr.root, ctx);
      for (const step of expr.steps) {
        value = step.kind === 'field' ? fieldOf(value, step.name) : indexOf(value, evaluate(step.index, ctx));
      }
      return value;
    }
    case 'struct':
      return ionStruct(expr.fields.map(({ key, value }) => [structKey(evaluate(key, ctx)), evaluate(value, ctx)]));
    case 'list':
      return new dom.List(expr.items.map((item) => evaluate(item, ctx)).filter((v): v is dom.Value => !isMissing(v)));
    case 'not':
      return fromTruth(notOf(truthOf(evaluate(expr.operand, ctx))));
    case 'and': {
      const left = truthOf(evaluate(expr.left, ctx));
      if (left === false) return ionBool(false);
      const right = truthOf(evaluate(expr.right, ctx));
      return right === false ? ionBool(false) : fromTruth(left && right);
    }
    case 'or': {
      const left = truthOf(evaluate(expr.left, ctx));
      if (left === true) return ionBool(true);
      const right = truthOf(evaluate(expr.right, ctx));
      return right === true ? ionBool(true) : fromTruth(left === false && right === false ? false : undefined);
    }
    case 'compare':
      return compare(expr.op, evaluate(expr.left, ctx), evaluate(expr.right, ctx));
    case 'arithmetic':
      return applyArithmetic(expr.op, evaluate(expr.left, ctx), evaluate(expr.right, ctx));
    case 'negate':
      return negate(evaluate(expr.operand, ctx));
    case 'in':
      return negateIf(expr.negated, membership(evaluate(expr.operand, ctx), evaluate(expr.collection, ctx)));
    case 'between': {
      const value = evaluate(expr.operand, ctx);
      const low = compare('>=', value, evaluate(expr.low, ctx));
      const high = compare('<=', value, evaluate(expr.high, ctx));
      const both = truthOf(low) === false || truthOf(high) === false ? false : truthOf(low) && truthOf(high);
      return negateIf(expr.negated, fromTruth(both));
    }
    case 'like':
      return negateIf(expr.negated, like(evaluate(expr.operand, ctx), evaluate(expr.pattern, ctx), expr.escape ? evaluate(expr.escape, ctx) : undefined));
    case 'is': {
      const value = evaluate(expr.operand, ctx);
      const result = expr.test === 'missing' ? isMissing(value) : isAbsent(value);
      return ionBool(result !== expr.negated);
    }
    case 'count-star':
      throw semanticError('COUNT(*) is only supported as a whole SELECT item');
  }
}

/** True only for a boolean true: the WHERE / ON filter. */
export const isTrue = (expr: Expr, ctx: Context): boolean => truthOf(evaluate(expr, ctx)) === true;

/**
 * A bound variable, else (for a bare name) a field of the FROM bindings: PartiQL lets
 * `SELECT name FROM information_schema.user_tables WHERE status = 'ACTIVE'` name fields without an alias.
 */
function resolveVariable(expr: Extract<Expr, { kind: 'var' }>, ctx: Context): PValue {
  const bound = findBinding(ctx, expr.name);
  if (bound) return bound.value;
  const items = ctx.bindings.filter((b) => b.item);
  if (expr.atSign || items.length === 0) {
    throw semanticError(`at line ${expr.pos.line}, column ${expr.pos.column}: No such variable named '${expr.name}'`);
  }
  for (const item of items) {
    const value = fieldOf(item.value, expr.name);
    if (!isMissing(value)) return value;
  }
  return MISSING;
}

function structKey(key: PValue): string {
  const text = textOf(key);
  if (text === undefined) throw semanticError('struct field names must be strings');
  return text;
}

const fromTruth = (t: boolean | undefined): dom.Value => (t === undefined ? ionNull() : ionBool(t));
const notOf = (t: boolean | undefined) => (t === undefined ? undefined : !t);
const negateIf = (negated: boolean, v: PValue): PValue => (negated && !isMissing(v) ? fromTruth(notOf(truthOf(v))) : v);

export function compare(op: string, a: PValue, b: PValue): PValue {
  if (isMissing(a) || isMissing(b)) return MISSING;
  if (a.isNull() || b.isNull()) return ionNull();
  if (op === '=') return ionBool(valuesEqual(a, b));
  if (op === '<>') return ionBool(!valuesEqual(a, b));
  const order = compareValues(a, b);
  if (order === undefined) return MISSING;
  switch (op) {
    case '<':
      return ionBool(order < 0);
    case '<=':
      return ionBool(order <= 0);
    case '>':
      return ionBool(order > 0);
    default:
      return ionBool(order >= 0);
  }
}

function membership(value: PValue, collection: PValue): PValue {
  if (isMissing(value) || isMissing(collection)) return MISSING;
  if (value.isNull()) return ionNull();
  let unknown = false;
  for (const element of elementsOf(collection)) {
    if (element.isNull()) unknown = true;
    else if (valuesEqual(value, element)) return ionBool(true);
  }
  return unknown ? ionNull() : ionBool(false);
}

const likePatterns = new Map<string, RegExp>();
/** Distinct LIKE patterns kept compiled; statements are usually parameterized, so few patterns recur. */
const LIKE_CACHE_SIZE = 256;

function like(value: PValue, pattern: PValue, escape: PValue | undefined): PValue {
  if (isMissing(value) || isMissing(pattern) || (escape !== undefined && isMissing(escape))) return MISSING;
  if (value.isNull() || pattern.isNull() || escape?.isNull()) return ionNull();
  const text = textOf(value);
  const patternText = textOf(pattern);
  const escapeText = escape === undefined ? undefined : textOf(escape);
  if (text === undefined || patternText === undefined || (escape !== undefined && escapeText === undefined)) return MISSING;
  if (escapeText !== undefined && [...escapeText].length !== 1) throw semanticError('the LIKE ESCAPE must be a single character');
  return ionBool(likeRegExp(patternText, escapeText).test(text));
}

function likeRegExp(pattern: string, escape: string | undefined): RegExp {
  const key = `${escape ?? ''}\u0000${pattern}`;
  let regexp = likePatterns.get(key);
  if (!regexp) {
    let source = '';
    const chars = [...pattern];
    for (let i = 0; i < chars.length; i++) {
      const c = chars[i];
      if (c === escape) {
        const escaped = chars[++i];
        if (escaped === undefined) throw semanticError('the LIKE pattern ends with its escape character');
        source += escaped.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      } else if (c === '%') source += '.*';
      else if (c === '_') source += '.';
      else source += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    }
    regexp = new RegExp(`^${source}$`, 'su');
    if (likePatterns.size >= LIKE_CACHE_SIZE) likePatterns.clear();
    likePatterns.set(key, regexp);
  }
  return regexp;
}
