import { PatternReason, patternErrors } from './errors';
import { type JsonArray, type JsonObject, JsonSyntaxError, type JsonValue, parseJson } from './json';
import { type Condition, exactValue, operatorNamed } from './operators';

/**
 * Event pattern JSON → a compiled pattern, or InvalidEventPatternException with AWS's reason text.
 *
 * Hand-written: no maintained JavaScript library implements the EventBridge pattern language (the npm candidates
 * either lack operators, ignore envelope fields, or are not published; AWS's own engine, event-ruler, is Java).
 * The semantics follow AWS's documentation and AWS's observed behaviour, recorded in docs/eventbridge-patterns.md.
 *
 * `$or` is expanded here, so a compiled pattern is a list of `$or`-free branches and matches when any branch does.
 */

export interface CompiledPattern {
  readonly branches: readonly Branch[];
}

/** Fields that must all match, at one level of the event. */
export interface Branch {
  readonly fields: readonly Field[];
}

export type Field = LeafField | NestedField;

interface LeafField {
  readonly key: string;
  /** Any one of them must hold. */
  readonly conditions: readonly Condition[];
}

interface NestedField {
  readonly key: string;
  readonly branch: Branch;
}

/** PutRule's and TestEventPattern's EventPattern length constraint. */
export const EVENT_PATTERN_MAX_LENGTH = 4096;

/** The most `$or` combinations AWS accepts in one pattern (docs/eventbridge-patterns.md#limits). */
const MAX_OR_COMBINATIONS = 1000;

/** The model-level length check PutRule and TestEventPattern apply before the pattern is read. */
export function requireEventPatternLength(pattern: string): void {
  if (pattern.length > EVENT_PATTERN_MAX_LENGTH) throw patternErrors.patternTooLong(pattern, EVENT_PATTERN_MAX_LENGTH);
}

export function compileEventPattern(pattern: string): CompiledPattern {
  try {
    const root = parseJson(pattern);
    if (root.type !== 'object') throw new PatternReason('Filter is not an object', root.end);
    return { branches: expandObject(root, false).map((fields) => ({ fields })) };
  } catch (error) {
    if (error instanceof PatternReason) throw patternErrors.invalidEventPattern(pattern, error.reason, error.offset);
    // Jackson points at the offending character itself.
    if (error instanceof JsonSyntaxError) throw patternErrors.invalidEventPattern(pattern, error.message, error.offset + 1);
    throw error;
  }
}

/** The alternatives an object pattern stands for: one list of fields per `$or` combination. */
function expandObject(object: JsonObject, directlyInOr: boolean): Field[][] {
  if (object.members.size === 0) throw new PatternReason('Empty objects are not allowed', object.end);
  let alternatives: Field[][] = [[]];
  for (const [key, value] of object.members) {
    if (key === '$or' && isOrList(value)) {
      if (value.items.length < 2) throw new PatternReason('There must have at least 2 Objects in $or relationship.', value.end);
      const choices = value.items.flatMap((item) => expandObject(item as JsonObject, true));
      alternatives = combine(alternatives, choices, value);
    } else if (directlyInOr && operatorNamed(key)) {
      throw new PatternReason(`${key} is Ruler reserved fieldName which cannot be used inside $or.`, value.end);
    } else if (value.type === 'object') {
      alternatives = combine(alternatives, expandObject(value, false).map((fields) => [{ key, branch: { fields } }]), value);
    } else if (value.type === 'array') {
      const conditions = compileList(value);
      alternatives = alternatives.map((fields) => [...fields, { key, conditions }]);
    } else {
      throw new PatternReason(`"${key}" must be an object or an array`, value.end);
    }
  }
  return alternatives;
}

/** `$or` takes a list of objects; a list of values under the key "$or" is an ordinary field of that name. */
function isOrList(value: JsonValue): value is JsonArray {
  return value.type === 'array' && value.items.length > 0 && value.items.every((item) => item.type === 'object');
}

function combine(alternatives: Field[][], choices: Field[][], at: JsonValue): Field[][] {
  if (alternatives.length * choices.length > MAX_OR_COMBINATIONS) {
    throw new PatternReason(`The pattern has more than ${MAX_OR_COMBINATIONS} combinations of $or`, at.end);
  }
  return alternatives.flatMap((fields) => choices.map((choice) => [...fields, ...choice]));
}


/** A field's value list: bare values and single-operator objects, any one of which may match. */
function compileList(list: JsonArray): Condition[] {
  if (list.items.length === 0) throw new PatternReason('Empty arrays are not allowed', list.end);
  return list.items.map((item) => {
    if (item.type === 'array') throw new PatternReason('Match value must be String, number, true, false, or null', item.end);
    if (item.type !== 'object') return exactValue(item);
    if (item.members.size === 0) throw new PatternReason('Empty objects are not allowed', item.end);
    if (item.members.size > 1) throw new PatternReason('Only one key allowed in match expression', item.end);
    const [[name, operand]] = item.members;
    const operator = operatorNamed(name);
    if (!operator) throw new PatternReason(`Unrecognized match type ${name}`, item.end);
    return operator(operand);
  });
}
