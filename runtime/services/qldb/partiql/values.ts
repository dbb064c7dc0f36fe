import { Decimal, dom, IonTypes, type IonType } from 'ion-js';

/**
 * PartiQL's MISSING: the value of an absent field. It is not an Ion value (Ion cannot encode it), so it
 * never reaches a result: projections omit it, WHERE treats it as not-true.
 */
class MissingValue {
  /** Keeps the type nominal: without it every Ion value would also type-check as MissingValue. */
  readonly partiql = 'MISSING';
  toString(): string {
    return 'MISSING';
  }
}
export const MISSING = new MissingValue();
export type Missing = MissingValue;
export type PValue = dom.Value | Missing;

export const isMissing = (v: PValue): v is Missing => v === MISSING;
/** NULL in PartiQL's sense: MISSING or any typed Ion null. */
export const isAbsent = (v: PValue): boolean => isMissing(v) || v.isNull();

const TRUE = new dom.Boolean(true);
const FALSE = new dom.Boolean(false);
const NULL = new dom.Null(IonTypes.NULL);
export const ionBool = (b: boolean): dom.Value => (b ? TRUE : FALSE);
export const ionNull = (): dom.Value => NULL;
export const ionString = (s: string): dom.Value => new dom.String(s);
export const ionInt = (n: number | bigint): dom.Value => new dom.Integer(typeof n === 'number' ? BigInt(n) : n);
/** QLDB metadata timestamps are UTC with millisecond precision, which is what ion-js derives from a Date. */
export const ionTimestamp = (d: Date): dom.Value => new dom.Timestamp(d);
export const ionList = (values: dom.Value[]): dom.Value => new dom.List(values);
export const ionBlob = (bytes: Uint8Array): dom.Value => new dom.Blob(bytes);

/**
 * A struct in field order, keeping repeated names (ion-js's constructor keeps only the last value of a
 * repeated name unless it is given the grouped form). Fields whose value is MISSING are left out.
 */
export function ionStruct(fields: [string, PValue][], annotations: string[] = []): dom.Value {
  const grouped = new Map<string, dom.Value[]>();
  for (const [name, value] of fields) {
    if (isMissing(value)) continue;
    const values = grouped.get(name);
    if (values) values.push(value);
    else grouped.set(name, [value]);
  }
  return new dom.Struct(grouped, annotations);
}

const typeOf = (v: dom.Value): IonType => v.getType();
/** The value if it is a non-null struct. */
export const asStruct = (v: PValue): dom.Value | undefined => (!isMissing(v) && typeOf(v) === IonTypes.STRUCT && !v.isNull() ? v : undefined);
/** The value if it is a non-null list or sexp. */
export const asSequence = (v: PValue): dom.Value | undefined =>
  !isMissing(v) && (typeOf(v) === IonTypes.LIST || typeOf(v) === IonTypes.SEXP) && !v.isNull() ? v : undefined;
const isNumber = (v: dom.Value) => {
  const t = typeOf(v);
  return t === IonTypes.INT || t === IonTypes.DECIMAL || t === IonTypes.FLOAT;
};
const isText = (v: dom.Value) => typeOf(v) === IonTypes.STRING || typeOf(v) === IonTypes.SYMBOL;

/** The value of a non-null Ion int, else undefined. */
export function integerOf(v: PValue): bigint | undefined {
  return !isMissing(v) && !v.isNull() && typeOf(v) === IonTypes.INT ? v.bigIntValue()! : undefined;
}

/** The instant of a non-null Ion timestamp, else undefined. */
export function dateOf(v: PValue): Date | undefined {
  return !isMissing(v) && !v.isNull() && typeOf(v) === IonTypes.TIMESTAMP ? v.dateValue()! : undefined;
}

/** The text of a non-null string or symbol, else undefined. */
export function textOf(v: PValue): string | undefined {
  return !isMissing(v) && !v.isNull() && isText(v) ? v.stringValue()! : undefined;
}

/** A struct field; PartiQL's permissive mode yields MISSING for absent fields and non-structs. */
export function fieldOf(v: PValue, name: string): PValue {
  return asStruct(v)?.get(name) ?? MISSING;
}

/** `v[index]`: a list/sexp element by position, or a struct field by a text index. */
export function indexOf(v: PValue, index: PValue): PValue {
  const name = textOf(index);
  if (name !== undefined) return fieldOf(v, name);
  const sequence = asSequence(v);
  const position = integerOf(index);
  if (!sequence || position === undefined) return MISSING;
  const elements = sequence.elements();
  return position >= 0n && position < BigInt(elements.length) ? elements[Number(position)] : MISSING;
}

export function decimalOf(v: dom.Value): Decimal {
  return typeOf(v) === IonTypes.DECIMAL ? v.decimalValue()! : new Decimal(v.bigIntValue()!.toString());
}

/** Numeric order across int, decimal and float; undefined when NaN makes them incomparable. */
function compareNumbers(a: dom.Value, b: dom.Value): number | undefined {
  if (typeOf(a) === IonTypes.FLOAT || typeOf(b) === IonTypes.FLOAT) {
    const x = a.numberValue()!;
    const y = b.numberValue()!;
    if (Number.isNaN(x) || Number.isNaN(y)) return Number.isNaN(x) && Number.isNaN(y) ? 0 : undefined;
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (typeOf(a) === IonTypes.INT && typeOf(b) === IonTypes.INT) {
    const x = a.bigIntValue()!;
    const y = b.bigIntValue()!;
    return x < y ? -1 : x > y ? 1 : 0;
  }
  return decimalOf(a).compareTo(decimalOf(b));
}

const compareText = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);

/**
 * PartiQL ordering for `<`, `<=`, `>`, `>=`: numbers with numbers, text with text, timestamps with
 * timestamps, booleans with booleans. Anything else is incomparable (undefined), which the caller turns
 * into MISSING rather than an error, as PartiQL's permissive mode does.
 */
export function compareValues(a: dom.Value, b: dom.Value): number | undefined {
  if (isNumber(a) && isNumber(b)) return compareNumbers(a, b);
  if (isText(a) && isText(b)) return compareText(a.stringValue()!, b.stringValue()!);
  if (typeOf(a) === IonTypes.TIMESTAMP && typeOf(b) === IonTypes.TIMESTAMP) {
    return a.timestampValue()!.compareTo(b.timestampValue()!);
  }
  if (typeOf(a) === IonTypes.BOOL && typeOf(b) === IonTypes.BOOL) return Number(a.booleanValue()) - Number(b.booleanValue());
  return undefined;
}

/**
 * PartiQL equality of two non-null values: numbers numerically (1 = 1.0 = 1e0), strings and symbols by
 * text, timestamps by instant, lobs by bytes, lists in order, structs as multisets of fields.
 * Annotations are ignored.
 */
export function valuesEqual(a: dom.Value, b: dom.Value): boolean {
  if (a.isNull() || b.isNull()) return a.isNull() && b.isNull();
  if (isNumber(a) && isNumber(b)) return compareNumbers(a, b) === 0;
  if (isText(a) && isText(b)) return a.stringValue() === b.stringValue();
  const t = typeOf(a);
  if (t !== typeOf(b)) return false;
  switch (t) {
    case IonTypes.BOOL:
      return a.booleanValue() === b.booleanValue();
    case IonTypes.TIMESTAMP:
      return a.timestampValue()!.compareTo(b.timestampValue()!) === 0;
    case IonTypes.BLOB:
    case IonTypes.CLOB: {
      const x = a.uInt8ArrayValue()!;
      const y = b.uInt8ArrayValue()!;
      return x.length === y.length && x.every((byte, i) => byte === y[i]);
    }
    case IonTypes.LIST:
    case IonTypes.SEXP: {
      const x = a.elements();
      const y = b.elements();
      return x.length === y.length && x.every((e, i) => valuesEqual(e, y[i]));
    }
    case IonTypes.STRUCT:
      return structsEqual(a, b);
    default:
      return false;
  }
}

function structsEqual(a: dom.Value, b: dom.Value): boolean {
  const x = a.allFields();
  const y = new Map(b.allFields().map(([name, values]) => [name, values]));
  if (x.length !== y.size) return false;
  return x.every(([name, values]) => {
    const others = y.get(name);
    if (!others || others.length !== values.length) return false;
    const unmatched = [...others];
    return values.every((v) => {
      const i = unmatched.findIndex((o) => valuesEqual(v, o));
      if (i < 0) return false;
      unmatched.splice(i, 1);
      return true;
    });
  });
}

/**
 * Three-valued truth for WHERE/ON and the logical operators: true, false, or undefined for
 * NULL/MISSING/non-booleans (which PartiQL's permissive mode treats as unknown).
 */
export function truthOf(v: PValue): boolean | undefined {
  if (isMissing(v) || v.isNull() || typeOf(v) !== IonTypes.BOOL) return undefined;
  return v.booleanValue()!;
}

/** The elements a FROM clause or IN iterates: a list/sexp's elements, a single value otherwise. */
export function elementsOf(v: PValue): dom.Value[] {
  if (isMissing(v) || v.isNull()) return [];
  return asSequence(v)?.elements() ?? [v];
}
