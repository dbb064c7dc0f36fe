import { MAX_DECIMAL_DIGITS } from './parameter-bounds';
import { sessionErrors } from './errors';

/**
 * Checks an Ion binary parameter's numbers against the parameter bounds BEFORE ion-js decodes it: ion-js turns
 * a coefficient into a BigInt in time quadratic in its length (a 128 KB decimal, int or timestamp fraction takes
 * seconds, on the event loop every client shares), so the bound checked on the decoded value would come too late.
 *
 * Hand-written because no maintained library answers "how long is this value's encoding" without decoding it:
 * ion-js's reader exposes neither a value's length nor its raw bytes. The walk follows the type descriptors of
 * the binary encoding (https://amazon-ion.github.io/ion-docs/docs/binary.html) and decodes nothing but lengths;
 * on malformed input it stops and leaves the verdict to ion-js.
 */

/** Bytes of a coefficient's magnitude that can hold MAX_DECIMAL_DIGITS digits (log10(256) digits a byte), plus its sign bit. */
export const MAX_COEFFICIENT_BYTES = Math.ceil(MAX_DECIMAL_DIGITS / Math.log10(256)) + 1;

/** The exponent range ion-js reads and writes (a VarInt of at most 32 bits); the text path fails to encode beyond it. */
const EXPONENT = { min: -(2 ** 31), max: 2 ** 31 - 1 };

/** Type codes (the type descriptor's high nibble) the walk distinguishes. */
const T = { bool: 1, posInt: 2, negInt: 3, decimal: 5, timestamp: 6, list: 11, sexp: 12, struct: 13, annotation: 14 } as const;
const LENGTH_FOLLOWS = 14;
const NULL = 15;
const VERSION_MARKER = [0xe0, 0x01, 0x00, 0xea];

class Malformed extends Error {}

class Cursor {
  constructor(
    readonly bytes: Uint8Array,
    public at = 0,
  ) {}

  byte(): number {
    if (this.at >= this.bytes.length) throw new Malformed();
    return this.bytes[this.at++];
  }

  /** A VarUInt: 7 bits a byte, the last byte marked by its high bit. */
  varUInt(): number {
    let value = 0;
    for (;;) {
      const b = this.byte();
      value = value * 128 + (b & 0x7f);
      if (value > Number.MAX_SAFE_INTEGER) throw new Malformed();
      if (b & 0x80) return value;
    }
  }

  /** A VarInt: as a VarUInt, with the sign in the first byte's second-highest bit. */
  varInt(): number {
    const first = this.byte();
    const negative = (first & 0x40) !== 0;
    let value = first & 0x3f;
    for (let b = first; !(b & 0x80); ) {
      b = this.byte();
      value = value * 128 + (b & 0x7f);
      if (value > Number.MAX_SAFE_INTEGER) return negative ? -Infinity : Infinity;
    }
    return negative ? -value : value;
  }

  versionMarkerAhead(): boolean {
    return VERSION_MARKER.every((b, i) => this.bytes[this.at + i] === b);
  }
}

/** Throws the bound's BadRequestException for the first number of `bytes` beyond the parameter bounds. */
export function checkBinaryNumbers(bytes: Uint8Array, position: number): void {
  try {
    walk(new Cursor(bytes), position);
  } catch (e) {
    if (!(e instanceof Malformed)) throw e;
  }
}

function walk(cursor: Cursor, position: number): void {
  /** Ends of the containers the cursor is in, and whether each is a struct (its values follow field names). */
  const open: { end: number; struct: boolean }[] = [];
  let annotated = false;
  while (cursor.at < cursor.bytes.length) {
    const container = open[open.length - 1];
    if (container && cursor.at >= container.end) {
      open.pop();
      continue;
    }
    if (!container && !annotated && cursor.versionMarkerAhead()) {
      cursor.at += VERSION_MARKER.length;
      continue;
    }
    if (container?.struct && !annotated) cursor.varUInt();
    annotated = false;
    const descriptor = cursor.byte();
    const type = descriptor >> 4;
    const nibble = descriptor & 0x0f;
    if (type === T.bool || nibble === NULL) continue;
    const length = nibble === LENGTH_FOLLOWS || (type === T.struct && nibble === 1) ? cursor.varUInt() : nibble;
    const end = cursor.at + length;
    if (end > cursor.bytes.length) throw new Malformed();
    switch (type) {
      case T.list:
      case T.sexp:
      case T.struct:
        open.push({ end, struct: type === T.struct });
        continue;
      case T.annotation: {
        const annotationsLength = cursor.varUInt();
        cursor.at += annotationsLength;
        annotated = true;
        continue;
      }
      case T.posInt:
      case T.negInt:
        if (length > MAX_COEFFICIENT_BYTES) throw sessionErrors.parameterNumberTooLong(position, MAX_DECIMAL_DIGITS);
        break;
      case T.decimal:
        if (length > 0) checkDecimal(cursor, end, position);
        break;
      case T.timestamp:
        checkTimestampFraction(cursor, end, position);
        break;
    }
    cursor.at = end;
  }
}

/** Exponent VarInt, then the coefficient: a signed Int taking the rest of the value. */
function checkDecimal(cursor: Cursor, end: number, position: number): void {
  const exponent = cursor.varInt();
  if (exponent < EXPONENT.min || exponent > EXPONENT.max) throw sessionErrors.invalidParameterValue(position);
  if (end - cursor.at > MAX_COEFFICIENT_BYTES) throw sessionErrors.parameterDecimalTooLong(position, MAX_DECIMAL_DIGITS);
}

/** Offset VarInt, year … second VarUInts, then the fractional seconds as a decimal: exponent VarInt and coefficient Int. */
function checkTimestampFraction(cursor: Cursor, end: number, position: number): void {
  cursor.varInt();
  // Year, month, day, hour, minute, second: as many as the precision has.
  for (let field = 0; field < 6 && cursor.at < end; field++) cursor.varUInt();
  if (cursor.at >= end) return;
  checkDecimal(cursor, end, position);
}
