import { dumpText, type dom } from 'ion-js';

/**
 * The one Ion → DynamoDB mapping of the projection (the drill test maps the ledger's committed view
 * through it too, so both sides agree by construction):
 *
 *   int, decimal, float   → N   exact value, written as DynamoDB returns it (plain notation, no trailing
 *                               zeros: Ion `1.50` and `15d-1` both become "1.5"); N cannot say `1.50` vs `1.5`
 *   float nan, +inf, -inf → S   "nan" / "+inf" / "-inf" (DynamoDB has no non-finite numbers)
 *   a number DynamoDB cannot hold (more than 38 significant digits, magnitude outside 1E-130..1E+126)
 *                         → S   its Ion text, rather than a write DynamoDB would refuse forever
 *   string, symbol        → S
 *   timestamp             → S   Ion text form, precision and offset kept (`2019-12-11T07:20:51.245Z`)
 *   bool                  → BOOL
 *   null, null.<any type> → NULL
 *   blob, clob            → B   the bytes
 *   list, sexp            → L
 *   struct                → M   a repeated field name keeps its last value (M keys are unique)
 *   annotations           dropped (DynamoDB has nowhere to put them)
 *
 * DynamoDB nests at most 32 levels; deeper values throw UnrepresentableValueError.
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html
 */

/** DynamoDB's wire shape of an attribute value (structurally the SDK's AttributeValue). */
export type AttributeValue =
  | { S: string }
  | { N: string }
  | { B: Uint8Array }
  | { BOOL: boolean }
  | { NULL: true }
  | { L: AttributeValue[] }
  | { M: Record<string, AttributeValue> };

export type Item = Record<string, AttributeValue>;

const MAX_NESTING_DEPTH = 32;
const MAX_SIGNIFICANT_DIGITS = 38;
const MIN_MAGNITUDE = -130;
const MAX_MAGNITUDE = 125;

export class UnrepresentableValueError extends Error {
  override readonly name = 'UnrepresentableValueError';
}

export function ionToAttributeValue(value: dom.Value, depth = 0): AttributeValue {
  if (value.isNull()) return { NULL: true };
  switch (value.getType().name) {
    case 'bool':
      return { BOOL: value.booleanValue()! };
    case 'int':
    case 'decimal':
    case 'float': {
      const text = numberText(value);
      return text.numeric ? { N: text.text } : { S: text.text };
    }
    case 'string':
    case 'symbol':
      return { S: value.stringValue()! };
    case 'timestamp':
      return { S: value.timestampValue()!.toString() };
    case 'blob':
    case 'clob':
      // A copy: ion-js hands out its dom value itself (a Uint8Array subclass with Ion methods).
      return { B: new Uint8Array(value.uInt8ArrayValue()!) };
    case 'list':
    case 'sexp':
      checkDepth(depth);
      return { L: value.elements().map((e) => ionToAttributeValue(e, depth + 1)) };
    case 'struct':
      checkDepth(depth);
      return { M: ionStructToItem(value, depth + 1) };
  }
  throw new UnrepresentableValueError(`unexpected Ion type ${value.getType().name}`);
}

/** A struct's fields as DynamoDB attributes (a document's `data` → the item's `data` map). */
export function ionStructToItem(struct: dom.Value, depth = 0): Item {
  const item: Item = {};
  for (const [name, field] of struct.fields()) item[name] = ionToAttributeValue(field, depth);
  return item;
}

/**
 * A scalar's text for the byIndexedValue key (`<table>#<attribute>#<text>`): strings as they are, numbers and
 * timestamps as the mapping writes them, booleans as true/false. Containers, blobs and nulls have none.
 */
export function scalarText(value: dom.Value): string | undefined {
  if (value.isNull()) return undefined;
  switch (value.getType().name) {
    case 'bool':
      return String(value.booleanValue());
    case 'int':
    case 'decimal':
    case 'float':
      return numberText(value).text;
    case 'string':
    case 'symbol':
      return value.stringValue()!;
    case 'timestamp':
      return value.timestampValue()!.toString();
  }
  return undefined;
}

function checkDepth(depth: number): void {
  if (depth >= MAX_NESTING_DEPTH) throw new UnrepresentableValueError(`nested deeper than DynamoDB's ${MAX_NESTING_DEPTH} levels`);
}

function numberText(value: dom.Value): { numeric: boolean; text: string } {
  switch (value.getType().name) {
    case 'int': {
      const n = value.bigIntValue()!;
      const digits = (n < 0n ? -n : n).toString();
      return canonical(n < 0n, digits, 0) ?? { numeric: false, text: n.toString() };
    }
    case 'decimal': {
      const d = value.decimalValue()!;
      const coefficient = d.getCoefficient();
      const digits = (coefficient < 0n ? -coefficient : coefficient).toString();
      return canonical(d.isNegative(), digits, d.getExponent()) ?? { numeric: false, text: dumpText(d) };
    }
  }
  const n = value.numberValue()!;
  if (Number.isNaN(n)) return { numeric: false, text: 'nan' };
  if (!Number.isFinite(n)) return { numeric: false, text: n > 0 ? '+inf' : '-inf' };
  // The shortest text that reads back as the same double: the value Ion's own text form shows.
  const [, sign, whole, fraction = '', exponent = '0'] = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(n))!;
  return canonical(sign === '-', whole + fraction, Number(exponent) - fraction.length) ?? { numeric: false, text: `${n}e0` };
}

/** digits × 10^exponent in DynamoDB's plain notation, or undefined when DynamoDB cannot store it. */
function canonical(negative: boolean, rawDigits: string, rawExponent: number): { numeric: true; text: string } | undefined {
  let digits = rawDigits.replace(/^0+/, '');
  if (digits === '') return { numeric: true, text: '0' };
  let exponent = rawExponent;
  const trimmed = digits.replace(/0+$/, '');
  exponent += digits.length - trimmed.length;
  digits = trimmed;
  const magnitude = digits.length - 1 + exponent;
  if (digits.length > MAX_SIGNIFICANT_DIGITS || magnitude < MIN_MAGNITUDE || magnitude > MAX_MAGNITUDE) return undefined;
  let text: string;
  if (exponent >= 0) text = digits + '0'.repeat(exponent);
  else {
    const point = digits.length + exponent;
    text = point > 0 ? `${digits.slice(0, point)}.${digits.slice(point)}` : `0.${'0'.repeat(-point)}${digits}`;
  }
  return { numeric: true, text: negative ? `-${text}` : text };
}
