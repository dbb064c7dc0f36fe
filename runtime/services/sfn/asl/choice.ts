/**
 * Choice rules of JSONPath states (https://docs.aws.amazon.com/step-functions/latest/dg/state-choice.html): every
 * comparison operator, its `…Path` twin, the `Is…` tests and And / Or / Not. A comparison of values of the wrong
 * type is false, not an error; a Variable (or `…Path` operand) that matches nothing is States.Runtime, except for
 * IsPresent, whose whole point is to ask.
 */
import type { Json } from './host';
import { ERRORS, StateFailure } from './failure';
import { queryPath, type PathScope } from './paths';

export type ChoiceRule = { [key: string]: Json };

type Kind = 'String' | 'Numeric' | 'Boolean' | 'Timestamp';
type Relation = 'Equals' | 'LessThan' | 'GreaterThan' | 'LessThanEquals' | 'GreaterThanEquals';

const KINDS: Kind[] = ['String', 'Numeric', 'Boolean', 'Timestamp'];
const RELATIONS: Relation[] = ['Equals', 'LessThan', 'GreaterThan', 'LessThanEquals', 'GreaterThanEquals'];

/** RFC 3339 timestamps as Step Functions accepts them: an upper-case T separator and a Z or numeric offset. */
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

export const parseTimestamp = (value: Json): number | undefined => {
  if (typeof value !== 'string' || !TIMESTAMP.test(value)) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
};

const isKind = (kind: Kind, v: Json) =>
  kind === 'String' ? typeof v === 'string' : kind === 'Numeric' ? typeof v === 'number' : kind === 'Boolean' ? typeof v === 'boolean' : parseTimestamp(v) !== undefined;

function compare(kind: Kind, relation: Relation, left: Json, right: Json): boolean {
  if (!isKind(kind, left) || !isKind(kind, right)) return false;
  if (kind === 'Boolean') return relation === 'Equals' && left === right;
  const [a, b] = kind === 'Timestamp' ? [parseTimestamp(left)!, parseTimestamp(right)!] : [left as string | number, right as string | number];
  switch (relation) {
    case 'Equals': return a === b;
    case 'LessThan': return a < b;
    case 'GreaterThan': return a > b;
    case 'LessThanEquals': return a <= b;
    case 'GreaterThanEquals': return a >= b;
  }
}

/** StringMatches: `*` matches any run of characters; `\*` and `\\` are a literal star and backslash. */
export function stringMatches(value: string, pattern: string): boolean {
  let regex = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\' && (pattern[i + 1] === '*' || pattern[i + 1] === '\\')) regex += `\\${pattern[++i]}`;
    else if (c === '*') regex += '[\\s\\S]*';
    else regex += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^${regex}$`).test(value);
}

function read(path: string, input: Json, scope: PathScope): Json {
  const value = queryPath(path, input, scope);
  if (value === undefined) throw new StateFailure(ERRORS.runtime, `Invalid path '${path}': The choice state's condition path references an invalid value.`);
  return value;
}

/** Whether a rule (a top-level choice or one nested in And / Or / Not) matches the state's effective input. */
export function matches(rule: ChoiceRule, input: Json, scope: PathScope): boolean {
  if (Array.isArray(rule.And)) return (rule.And as ChoiceRule[]).every((r) => matches(r, input, scope));
  if (Array.isArray(rule.Or)) return (rule.Or as ChoiceRule[]).some((r) => matches(r, input, scope));
  if (rule.Not && typeof rule.Not === 'object') return !matches(rule.Not as ChoiceRule, input, scope);
  const variable = rule.Variable as string;
  if ('IsPresent' in rule) return (queryPath(variable, input, scope) !== undefined) === rule.IsPresent;
  const value = read(variable, input, scope);
  if ('IsNull' in rule) return (value === null) === rule.IsNull;
  if ('IsNumeric' in rule) return (typeof value === 'number') === rule.IsNumeric;
  if ('IsString' in rule) return (typeof value === 'string') === rule.IsString;
  if ('IsBoolean' in rule) return (typeof value === 'boolean') === rule.IsBoolean;
  if ('IsTimestamp' in rule) return (parseTimestamp(value) !== undefined) === rule.IsTimestamp;
  if ('StringMatches' in rule) return typeof value === 'string' && stringMatches(value, rule.StringMatches as string);
  for (const kind of KINDS) {
    for (const relation of RELATIONS) {
      const operator = `${kind}${relation}`;
      if (operator in rule) return compare(kind, relation, value, rule[operator]!);
      if (`${operator}Path` in rule) return compare(kind, relation, value, read(rule[`${operator}Path`] as string, input, scope));
    }
  }
  throw new StateFailure(ERRORS.runtime, `The choice rule ${JSON.stringify(rule)} has no comparison operator.`);
}
