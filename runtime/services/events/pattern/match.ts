import type { Branch, CompiledPattern, Field } from './compile';
import type { JsonObject, JsonScalar, JsonValue } from './json';

/**
 * Whether an event (the whole envelope, parsed with ./json so numbers keep their text) matches a compiled pattern.
 * The rules, with the AWS-observed cases behind them, are in docs/eventbridge-patterns.md#matching:
 * - a field with a value list matches when any leaf value of the event there satisfies any entry; arrays in the
 *   event are flattened (nested arrays too), an empty array is no value, objects are not leaf values;
 * - a nested pattern meeting an array matches within one element, so conditions on different elements never
 *   combine; but where that element satisfies the pattern only through `exists: false`, every element must,
 *   since a field is absent only if no element has it;
 * - a missing field satisfies only `exists: false` (a missing parent too);
 * - an event key with dots ("state.status") is the nested path it spells.
 */
export function matchesEventPattern(pattern: CompiledPattern, event: JsonValue): boolean {
  return pattern.branches.some((branch) => outcome(branch, event) !== 'no');
}

/** How a pattern fared: failed, held only through `exists: false`, or held with some value present. */
type Outcome = 'no' | 'absent' | 'present';

function outcome(branch: Branch, value: JsonValue | undefined): Outcome {
  if (value?.type === 'object') return fieldsOutcome(branch, value);
  const elements = value?.type === 'array' ? objectElements(value) : [];
  if (elements.length === 0) return matchesAbsence(branch) ? 'absent' : 'no';
  const outcomes = elements.map((element) => fieldsOutcome(branch, element));
  if (outcomes.includes('present')) return 'present';
  return outcomes.every((each) => each === 'absent') ? 'absent' : 'no';
}

function fieldsOutcome(branch: Branch, object: JsonObject): Outcome {
  let result: Outcome = 'absent';
  for (const field of branch.fields) {
    const each = fieldOutcome(field, child(object, field.key));
    if (each === 'no') return 'no';
    if (each === 'present') result = 'present';
  }
  return result;
}

function fieldOutcome(field: Field, value: JsonValue | undefined): Outcome {
  if ('branch' in field) return outcome(field.branch, value);
  const leaves = leafValues(value);
  if (leaves.length === 0) return field.conditions.some((condition) => condition.matchesAbsent) ? 'absent' : 'no';
  const held = field.conditions.some((condition) => !condition.matchesAbsent && leaves.some((leaf) => condition.test(leaf)));
  return held ? 'present' : 'no';
}

function matchesAbsence(branch: Branch): boolean {
  return branch.fields.every((field) => ('branch' in field ? matchesAbsence(field.branch) : field.conditions.some((condition) => condition.matchesAbsent)));
}

function leafValues(value: JsonValue | undefined): JsonScalar[] {
  if (value === undefined || value.type === 'object') return [];
  if (value.type !== 'array') return [value];
  return value.items.flatMap(leafValues);
}

function objectElements(value: JsonValue): JsonObject[] {
  if (value.type === 'object') return [value];
  return value.type === 'array' ? value.items.flatMap(objectElements) : [];
}

/** Objects with dotted keys, and the nested view each of their dotted prefixes spells. */
const dottedViews = new WeakMap<JsonObject, Map<string, JsonObject>>();

function child(object: JsonObject, key: string): JsonValue | undefined {
  const direct = object.members.get(key);
  const dotted = dottedView(object).get(key);
  if (!dotted) return direct;
  if (direct?.type !== 'object') return direct ?? dotted;
  return { type: 'object', members: new Map([...direct.members, ...dotted.members]), end: direct.end };
}

function dottedView(object: JsonObject): Map<string, JsonObject> {
  let views = dottedViews.get(object);
  if (views) return views;
  views = new Map();
  const groups = new Map<string, Map<string, JsonValue>>();
  for (const [name, value] of object.members) {
    const dot = name.indexOf('.');
    if (dot <= 0) continue;
    const head = name.slice(0, dot);
    const group = groups.get(head) ?? new Map<string, JsonValue>();
    group.set(name.slice(dot + 1), value);
    groups.set(head, group);
  }
  for (const [head, members] of groups) views.set(head, { type: 'object', members, end: object.end });
  dottedViews.set(object, views);
  return views;
}
