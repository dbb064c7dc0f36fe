import { cidrContains, parseCidr } from './cidr';
import { PatternReason } from './errors';
import type { JsonNumber, JsonScalar, JsonString, JsonValue } from './json';
import { isExactDouble, numberKey } from './numbers';
import { parseWildcard } from './wildcard';

/**
 * The operators of the event-pattern language, one table entry each: `validate` checks the operand and refuses it
 * with AWS's reason text, `match` tests one leaf value of the event against the checked operand.
 * The semantics, and where AWS states them, are in docs/eventbridge-patterns.md#operators.
 */

/** A compiled entry of a pattern's value list, tested against each leaf value the event has at that field. */
export interface Condition {
  test(value: JsonScalar): boolean;
  /** Whether it holds where the event has no value at the field (only `exists: false` does). */
  readonly matchesAbsent: boolean;
  /** Set for a bare string value: it holds exactly for that string (what ../rule-index.ts indexes rules by). */
  readonly exactString?: string;
}

interface Operator<T> {
  validate(operand: JsonValue): T;
  match(operand: T, value: JsonScalar): boolean;
  matchesAbsent?(operand: T): boolean;
}

function operator<T>(definition: Operator<T>): (operand: JsonValue) => Condition {
  return (operand) => {
    const checked = definition.validate(operand);
    return { test: (value) => definition.match(checked, value), matchesAbsent: definition.matchesAbsent?.(checked) ?? false };
  };
}

/** A bare value in the list: equal type and value; numbers compare by exact value (5 = 5.0, -0 = 0). */
export function exactValue(value: JsonScalar): Condition {
  return { test: (candidate) => sameValue(value, candidate), matchesAbsent: false, ...(value.type === 'string' ? { exactString: value.value } : {}) };
}

function sameValue(expected: JsonScalar, actual: JsonScalar): boolean {
  if (expected.type === 'number') return actual.type === 'number' && sameNumber(expected, actual);
  if (expected.type === 'null') return actual.type === 'null';
  return actual.type === expected.type && actual.value === expected.value;
}

function sameNumber(a: JsonNumber, b: JsonNumber): boolean {
  if (a.raw === b.raw) return true;
  // Different doubles are different values; the same double may still be two values (2^53 + 1 and 2^53).
  return a.value === b.value && numberKey(a.raw) === numberKey(b.raw);
}

/** Unicode case folding, so that "straße" equals "STRASSE" ignoring case. */
function fold(text: string): string {
  return text.toUpperCase().toLowerCase();
}

function reason(text: string, at: JsonValue): PatternReason {
  return new PatternReason(text, at.end);
}

function requireString(operand: JsonValue, name: string): string {
  if (operand.type !== 'string') throw reason(`${name} match pattern must be a string`, operand);
  return operand.value;
}

/** `{prefix: "s"}` or `{prefix: {"equals-ignore-case": "s"}}`; the same two forms for suffix. */
interface Affix {
  readonly text: string;
  readonly ignoreCase: boolean;
}

function affix(name: 'prefix' | 'suffix', test: (value: string, affix: string) => boolean): Operator<Affix> {
  return {
    validate(operand) {
      if (operand.type === 'object' && operand.members.size === 1 && operand.members.has('equals-ignore-case')) {
        return { text: fold(requireString(operand.members.get('equals-ignore-case')!, name)), ignoreCase: true };
      }
      return { text: requireString(operand, name), ignoreCase: false };
    },
    match: ({ text, ignoreCase }, value) => value.type === 'string' && test(ignoreCase ? fold(value.value) : value.value, text),
  };
}

type NumericOperator = '=' | '<' | '<=' | '>' | '>=';
const NUMERIC_OPERATORS: readonly string[] = ['=', '<', '<=', '>', '>='];
const LOWER_BOUNDS: readonly string[] = ['>', '>='];
const UPPER_BOUNDS: readonly string[] = ['<', '<='];

type Comparison = readonly [NumericOperator, number];

const COMPARE: Record<NumericOperator, (value: number, bound: number) => boolean> = {
  '=': (value, bound) => value === bound,
  '<': (value, bound) => value < bound,
  '<=': (value, bound) => value <= bound,
  '>': (value, bound) => value > bound,
  '>=': (value, bound) => value >= bound,
};

/** `["=", n]`, one bound, or a lower bound followed by an upper bound. */
function numericComparisons(operand: JsonValue): Comparison[] {
  if (operand.type !== 'array') throw reason('Value of numeric must be an array.', operand);
  if (operand.items.length === 0) throw reason('Invalid member in numeric match: ]', operand);
  const comparisons: Comparison[] = [];
  for (let index = 0; index < operand.items.length; index += 2) {
    const name = operand.items[index]!;
    if (name.type !== 'string') throw reason(`Invalid member in numeric match: ${tokenText(name)}`, name);
    if (!NUMERIC_OPERATORS.includes(name.value)) throw reason(`Unrecognized numeric range operator: ${name.value}`, name);
    const previous = comparisons[0]?.[0];
    if (previous !== undefined && !(LOWER_BOUNDS.includes(previous) && UPPER_BOUNDS.includes(name.value))) {
      throw reason(`Bad numeric range operator: ${name.value}`, name);
    }
    const bound = operand.items[index + 1];
    if (bound?.type !== 'number') throw reason(`Value of ${name.value} must be numeric`, bound ?? operand);
    if (!isExactDouble(bound.raw)) throw reason(`Cannot compare number : ${bound.raw}`, bound);
    comparisons.push([name.value as NumericOperator, bound.value]);
  }
  const [lower, upper] = comparisons;
  if (lower && upper && lower[1] >= upper[1]) throw reason('Bottom must be less than top', operand);
  return comparisons;
}

function tokenText(value: JsonValue): string {
  if (value.type === 'number') return value.raw;
  if (value.type === 'object') return '{';
  if (value.type === 'array') return '[';
  return value.type === 'null' ? 'null' : String(value.value);
}

/** How AWS names a JSON value's token in "… is not supported" reasons. */
function tokenKind(value: JsonValue): string {
  return value.type === 'object' || value.type === 'array' ? 'start' : value.type;
}

/** The parts of `anything-but`: the event value matches when it matches none of them. */
type Exclusion = (value: JsonScalar) => boolean;

const ANYTHING_BUT_FORMS: Record<string, (operand: JsonValue) => Exclusion[]> = {
  prefix: (operand) => nonEmptyAffixes(operand).map((text) => (value) => value.type === 'string' && value.value.startsWith(text)),
  suffix: (operand) => nonEmptyAffixes(operand).map((text) => (value) => value.type === 'string' && value.value.endsWith(text)),
  'equals-ignore-case': (operand) =>
    stringList(operand, 'equals-ignore-case', 'Inside anything-but/equals-ignore-case list').map((text) => {
      const folded = fold(text);
      return (value) => value.type === 'string' && fold(value.value) === folded;
    }),
  wildcard: (operand) =>
    stringList(operand, 'wildcard', 'Inside anything-but/wildcard list').map((text) => {
      const parsed = parseWildcard(text);
      if ('reason' in parsed) throw reason(parsed.reason, operand);
      return (value) => value.type === 'string' && parsed.regex.test(value.value);
    }),
};

function nonEmptyAffixes(operand: JsonValue): string[] {
  const texts = operand.type === 'array' ? operand.items : [operand];
  return texts.map((text) => {
    if (text.type !== 'string') throw reason('prefix/suffix match pattern must be a string', text);
    if (text.value === '') throw reason('Null prefix/suffix not allowed', text);
    return text.value;
  });
}

function stringList(operand: JsonValue, name: string, listContext: string): string[] {
  if (operand.type !== 'array') return [requireString(operand, name)];
  return operand.items.map((item) => {
    if (item.type !== 'string') throw reason(`${listContext}, ${tokenKind(item)} is not supported.`, item);
    return item.value;
  });
}

function anythingButExclusions(operand: JsonValue): Exclusion[] {
  if (operand.type === 'string' || operand.type === 'number') return [exactValue(operand).test];
  if (operand.type === 'array') {
    for (const item of operand.items) {
      if (item.type !== 'string' && item.type !== 'number') throw reason(`Inside anything but list, ${tokenKind(item)} is not supported.`, item);
    }
    const first = operand.items[0];
    if (!first || operand.items.some((item) => item.type !== first.type)) {
      throw reason('Inside anything but list, either all values are number or string, mixed type is not supported', operand);
    }
    return operand.items.map((item) => exactValue(item as JsonString | JsonNumber).test);
  }
  if (operand.type === 'object') {
    if (operand.members.size !== 1) throw reason('Only one key allowed in match expression', operand);
    const [[form, value]] = operand.members;
    const exclusions = Object.hasOwn(ANYTHING_BUT_FORMS, form) ? ANYTHING_BUT_FORMS[form] : undefined;
    if (!exclusions) throw reason(`Unsupported anything-but pattern: ${form}`, operand);
    return exclusions(value);
  }
  throw reason('Value of anything-but must be an array or single string/number value.', operand);
}

const OPERATORS: Readonly<Record<string, (operand: JsonValue) => Condition>> = {
  prefix: operator(affix('prefix', (value, text) => value.startsWith(text))),
  suffix: operator(affix('suffix', (value, text) => value.endsWith(text))),
  'equals-ignore-case': operator({
    validate: (operand) => fold(requireString(operand, 'equals-ignore-case')),
    match: (text, value) => value.type === 'string' && fold(value.value) === text,
  }),
  wildcard: operator({
    validate(operand) {
      const parsed = parseWildcard(requireString(operand, 'wildcard'));
      if ('reason' in parsed) throw reason(parsed.reason, operand);
      return parsed.regex;
    },
    match: (regex, value) => value.type === 'string' && regex.test(value.value),
  }),
  'anything-but': operator({
    validate: anythingButExclusions,
    // Any type passes: `anything-but "x"` matches 5, true and null.
    match: (exclusions, value) => !exclusions.some((excluded) => excluded(value)),
  }),
  numeric: operator({
    validate: numericComparisons,
    match: (comparisons, value) => value.type === 'number' && comparisons.every(([name, bound]) => COMPARE[name](value.value, bound)),
  }),
  exists: operator({
    validate(operand) {
      if (operand.type !== 'boolean') throw reason('exists match pattern must be either true or false.', operand);
      return operand.value;
    },
    // Every leaf value, null included, is a value that exists.
    match: (exists) => exists,
    matchesAbsent: (exists) => !exists,
  }),
  cidr: operator({
    validate(operand) {
      const block = parseCidr(requireString(operand, 'cidr'));
      // AWS reports malformed CIDR blocks without a location.
      if (typeof block === 'string') throw new PatternReason(block, undefined);
      return block;
    },
    match: (block, value) => value.type === 'string' && cidrContains(block, value.value),
  }),
};

/** The operator named `name`, if the language has one (the table's prototype names are not operators). */
export function operatorNamed(name: string): ((operand: JsonValue) => Condition) | undefined {
  return Object.hasOwn(OPERATORS, name) ? OPERATORS[name] : undefined;
}
