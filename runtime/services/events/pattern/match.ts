import type { Branch, CompiledPattern, Field } from './compile';
import type { JsonObject, JsonScalar, JsonValue } from './json';

/**
 * Whether an event (the whole envelope, parsed with ./json so numbers keep their text) matches a compiled pattern.
 * The rules, with the AWS-observed cases behind them, are in docs/eventbridge-patterns.md#matching:
 * - a field with a value list matches when any leaf value of the event there satisfies any entry; arrays in the
 *   event are flattened (nested arrays too), an empty array is no value, objects are not leaf values;
 * - a nested pattern meeting an array matches one element that satisfies the whole nested pattern, so conditions
 *   on different elements never combine; a nested pattern with only `exists: false` conditions must hold for every
 *   element, since a field is absent only if no element has it;
 * - a missing field satisfies only `exists: false` (a missing parent too);
 * - an event key with dots ("state.status") is the nested path it spells.
 */
export function matchesEventPattern(pattern: CompiledPattern, event: JsonValue): boolean {
  return pattern.branches.some((branch) => matchesBranch(branch, event));
}

function matchesBranch(branch: Branch, value: JsonValue | undefined): boolean {
  if (value?.type === 'object') return matchesFields(branch, value);
  if (value?.type === 'array') {
    const elements = objectElements(value);
    return branch.positive ? elements.some((element) => matchesFields(branch, element)) : elements.every((element) => matchesFields(branch, element));
  }
  return matchesAbsence(branch);
}

function matchesFields(branch: Branch, object: JsonObject): boolean {
  return branch.fields.every((field) => matchesField(field, child(object, field.key)));
}

function matchesField(field: Field, value: JsonValue | undefined): boolean {
  if ('branch' in field) return matchesBranch(field.branch, value);
  const leaves = leafValues(value);
  if (leaves.length === 0) return field.conditions.some((condition) => condition.matchesAbsent);
  return field.conditions.some((condition) => !condition.matchesAbsent && leaves.some((leaf) => condition.test(leaf)));
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
