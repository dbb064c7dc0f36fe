import { dom, IonTypes } from 'ion-js';
import { semanticError } from './errors';
import { asSequence, asStruct, integerOf, isMissing, MISSING, textOf, type PValue } from './values';

/** A path inside a document: field names and list positions. */
export type DocPath = (string | number)[];

/**
 * Immutable edits of Ion documents for UPDATE/FROM … SET, REMOVE and INSERT INTO. Each edit rebuilds
 * only the containers on the path; every other value (its Ion type, annotations, repeated field names)
 * is reused as is, because QLDB hashes revisions as Ion and an edit must not change untouched fields.
 */

/** `SET path = value`: replaces, or creates missing structs along the path (developer guide, "UPDATE command"). */
export function setIn(current: PValue, path: DocPath, value: dom.Value): dom.Value {
  if (path.length === 0) return value;
  const [step, ...rest] = path;
  if (typeof step === 'string') {
    if (isMissing(current) || current.isNull()) return new dom.Struct([[step, setIn(MISSING, rest, value)]]);
    const struct = asStruct(current);
    if (!struct) throw semanticError(`cannot set field '${step}' on a value of type ${current.getType().name}`);
    return replaceField(struct, step, setIn(struct.get(step) ?? MISSING, rest, value));
  }
  const sequence = asSequence(current);
  if (!sequence) throw semanticError(`cannot set position ${step} of a value that is not a list`);
  const elements = sequence.elements();
  if (step < 0 || step >= elements.length) throw semanticError(`list position ${step} is out of bounds`);
  return rebuildSequence(sequence, elements.map((e, i) => (i === step ? setIn(e, rest, value) : e)));
}

/** `REMOVE path`: absent paths are left alone. */
export function removeIn(current: dom.Value, path: DocPath): dom.Value {
  const [step, ...rest] = path;
  if (typeof step === 'string') {
    const struct = asStruct(current);
    const child = struct?.get(step);
    if (!struct || !child) return current;
    if (rest.length === 0) return new dom.Struct(struct.allFields().filter(([name]) => name !== step), struct.getAnnotations());
    return replaceField(struct, step, removeIn(child, rest));
  }
  const sequence = asSequence(current);
  const elements = sequence?.elements() ?? [];
  if (!sequence || step < 0 || step >= elements.length) return current;
  if (rest.length === 0) return rebuildSequence(sequence, elements.filter((_, i) => i !== step));
  return rebuildSequence(sequence, elements.map((e, i) => (i === step ? removeIn(e, rest) : e)));
}

/**
 * `INSERT INTO path VALUE v [AT key]`: appends to (or, with a position, inserts into) a list, or adds
 * field `key` to a struct. The target must exist.
 */
export function insertIn(current: dom.Value, path: DocPath, value: dom.Value, at: PValue): dom.Value {
  const struct = asStruct(current);
  const sequence = asSequence(current);
  if (path.length > 0) {
    const [step, ...rest] = path;
    const child = typeof step === 'string' ? struct?.get(step) : sequence?.elements()[step];
    if (!child) throw semanticError('the target of INSERT INTO does not exist');
    if (typeof step === 'string') return replaceField(struct!, step, insertIn(child, rest, value, at));
    return rebuildSequence(sequence!, sequence!.elements().map((e, i) => (i === step ? insertIn(e, rest, value, at) : e)));
  }
  if (sequence) {
    const elements = sequence.elements();
    let position = elements.length;
    if (!isMissing(at)) {
      const requested = integerOf(at);
      if (requested === undefined) throw semanticError('the AT position of INSERT INTO a list must be an int');
      position = Number(requested);
      if (position < 0 || position > elements.length) throw semanticError(`list position ${position} is out of bounds`);
    }
    return rebuildSequence(sequence, [...elements.slice(0, position), value, ...elements.slice(position)]);
  }
  if (struct) {
    const key = textOf(at);
    if (key === undefined) throw semanticError('INSERT INTO a struct needs AT with a string field name');
    if (struct.get(key)) throw semanticError(`field '${key}' already exists`);
    return new dom.Struct([...struct.allFields(), [key, [value]]], struct.getAnnotations());
  }
  throw semanticError('the target of INSERT INTO must be a list or a struct');
}

/** Replaces every value of a (possibly repeated) field with one value, keeping the field's position. */
function replaceField(struct: dom.Value, name: string, value: dom.Value): dom.Value {
  const fields = struct.allFields();
  const replaced: [string, dom.Value[]][] = fields.some(([n]) => n === name)
    ? fields.map(([n, values]) => (n === name ? [n, [value]] : [n, values]))
    : [...fields, [name, [value]]];
  return new dom.Struct(replaced, struct.getAnnotations());
}

function rebuildSequence(sequence: dom.Value, elements: dom.Value[]): dom.Value {
  return sequence.getType() === IonTypes.SEXP
    ? new dom.SExpression(elements, sequence.getAnnotations())
    : new dom.List(elements, sequence.getAnnotations());
}
