import { hash } from 'node:crypto';
import { type Decimal, type dom, load, type Timestamp, TimestampPrecision } from 'ion-js';

/**
 * Amazon Ion Hash (SHA-256) of an ion-js `dom.Value`, written by hand from the Ion Hash spec
 * (https://amazon-ion.github.io/ion-hash/docs/spec.html).
 *
 * Why hand-written: ion-hash-js, the reference implementation, re-encodes every scalar through a fresh
 * ion-js binary writer. That costs ~0.3 ms per hashed value and was the largest server-side cost of a
 * commit (~40% of the runtime's own CPU in a single-insert profile). This module serializes straight into
 * one reused buffer instead. ion-hash-js stays a dependency: it is the oracle of
 * test/unit/journal-fast-ion-hash.test.ts and the fallback for the values declined here.
 *
 * Where ion-hash-js departs from the spec's text, this module follows ion-hash-js, because the driver
 * computes the client's commit digest with it and the two must agree byte for byte:
 * - a decimal or timestamp-fraction exponent of -0 is hashed as VarInt -0 (0xC0), as ion-js writes it;
 * - a timestamp's fields are the UTC fields ion-js's writer derives from `Timestamp.getDate()`.
 *
 * Declined (the caller falls back to ion-hash-js): text with unpaired UTF-16 surrogates (ion-js's UTF-8
 * encoder throws on some and writes others as WTF-8), symbols without text, `dom.Integer`s holding a
 * fractional number or NaN, timestamps whose fraction rounds up to a whole second in ion-js (see
 * `requireNoMillisecondCarry`), and exponents outside the int32 range ion-js's VarInt writer handles.
 */

const BEGIN = 0x0b;
const END = 0x0e;
const ESCAPE = 0x0c;

/** Type qualifiers: the type code in the high nibble, as in Ion binary. */
const TQ_NULL_NIBBLE = 0x0f;
const TQ_FALSE = 0x10;
const TQ_TRUE = 0x11;
const TQ_POSITIVE_INT = 0x20;
const TQ_NEGATIVE_INT = 0x30;
const TQ_FLOAT = 0x40;
const TQ_DECIMAL = 0x50;
const TQ_TIMESTAMP = 0x60;
const TQ_SYMBOL = 0x70;
const TQ_STRING = 0x80;
const TQ_CLOB = 0x90;
const TQ_BLOB = 0xa0;
const TQ_LIST = 0xb0;
const TQ_SEXP = 0xc0;
const TQ_STRUCT = 0xd0;
const TQ_ANNOTATED = 0xe0;

/** A value this module does not hash itself; `fastIonHash` answers undefined so the caller can delegate. */
class Declined extends Error {
  override readonly name = 'Declined';
}

/** Growable output reused across calls: serializing into it allocates nothing per scalar. */
class ByteSink {
  buffer = Buffer.allocUnsafe(4096);
  length = 0;

  reserve(extra: number): void {
    const needed = this.length + extra;
    if (needed <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(needed, this.buffer.length * 2));
    this.buffer.copy(grown, 0, 0, this.length);
    this.buffer = grown;
  }

  byte(value: number): void {
    this.reserve(1);
    this.buffer[this.length++] = value;
  }

  /** escape() of the spec, applied to the bytes written since `start` (markers inside data get ESC-prefixed). */
  escapeFrom(start: number): void {
    let specials = 0;
    for (let i = start; i < this.length; i++) if (isMarker(this.buffer[i]!)) specials++;
    if (specials === 0) return;
    this.reserve(specials);
    let to = this.length + specials;
    for (let from = this.length - 1; from >= start; from--) {
      const value = this.buffer[from]!;
      this.buffer[--to] = value;
      if (isMarker(value)) this.buffer[--to] = ESCAPE;
    }
    this.length += specials;
  }

  escapedBytes(bytes: Uint8Array): void {
    const start = this.length;
    this.reserve(bytes.length);
    this.buffer.set(bytes, this.length);
    this.length += bytes.length;
    this.escapeFrom(start);
  }

  escapedUtf8(text: string): void {
    const start = this.length;
    this.reserve(text.length * 3);
    this.length += this.buffer.write(text, this.length, 'utf8');
    this.escapeFrom(start);
  }
}

function isMarker(value: number): boolean {
  return value === BEGIN || value === END || value === ESCAPE;
}

/** Buffers above this size are dropped after use, so one huge blob does not pin its memory forever. */
const RETAINED_SINK_BYTES = 1 << 20;
let sink = new ByteSink();

function sha256(bytes: Uint8Array): Buffer {
  return hash('sha256', bytes, 'buffer');
}

/** H(value), or undefined when the value holds something this module declines (see the header). */
export function fastIonHash(value: dom.Value): Uint8Array | undefined {
  sink.length = 0;
  try {
    writeValue(value);
    return new Uint8Array(sha256(sink.buffer.subarray(0, sink.length)));
  } catch (error) {
    if (error instanceof Declined) return undefined;
    throw error;
  } finally {
    if (sink.buffer.length > RETAINED_SINK_BYTES) sink = new ByteSink();
  }
}

/**
 * H of the first top-level value in Ion bytes (text or binary), the value ion-hash-js's reader would hash.
 * `load` keeps everything the hash depends on (annotations, symbol text, decimal and fraction exponents,
 * timestamp precision and offset, float bits), so hashing its DOM equals hashing the stream. Undefined
 * when the bytes hold no value, `load` rejects them, or the value is declined.
 */
export function fastIonHashOfBytes(bytes: Uint8Array): Uint8Array | undefined {
  let value: dom.Value | null;
  try {
    value = load(bytes);
  } catch {
    // `load` refuses some input ion-hash-js's reader accepts (symbol ID zero): let it answer, or fail, itself.
    return undefined;
  }
  return value === null ? undefined : fastIonHash(value);
}

/** s(value): the annotation wrapper, when there are annotations, around the bare value. */
function writeValue(value: dom.Value): void {
  const annotations = value.getAnnotations();
  if (annotations.length === 0) {
    writeBareValue(value);
    return;
  }
  sink.byte(BEGIN);
  sink.byte(TQ_ANNOTATED);
  for (const annotation of annotations) writeSymbolText(annotation);
  writeBareValue(value);
  sink.byte(END);
}

function writeBareValue(value: dom.Value): void {
  const typeId = value.getType().binaryTypeId;
  if (value.isNull()) {
    writeMarked((typeId << 4) | TQ_NULL_NIBBLE);
    return;
  }
  switch (typeId) {
    case 1:
      return writeMarked(value.booleanValue() ? TQ_TRUE : TQ_FALSE);
    case 2:
      return writeInt(value);
    case 4:
      return writeFloat(value.numberValue()!);
    case 5:
      return writeDecimal(value.decimalValue()!);
    case 6:
      return writeTimestamp(value.timestampValue()!);
    case 7:
      return writeSymbolText(value.stringValue());
    case 8:
      return writeText(TQ_STRING, value.stringValue()!);
    case 9:
      return writeBytes(TQ_CLOB, value.uInt8ArrayValue()!);
    case 10:
      return writeBytes(TQ_BLOB, value.uInt8ArrayValue()!);
    case 11:
      return writeSequence(TQ_LIST, value.elements());
    case 12:
      return writeSequence(TQ_SEXP, value.elements());
    case 13:
      return writeStruct(value);
    default:
      throw new Declined(`Ion type ${value.getType().name}`);
  }
}

/** A value whose whole serialization is B ‖ TQ ‖ E (nulls, bools, int 0, float 0e0, decimal 0d0). */
function writeMarked(typeQualifier: number): void {
  sink.byte(BEGIN);
  sink.byte(typeQualifier);
  sink.byte(END);
}

/** Scalars: B ‖ TQ ‖ escape(representation) ‖ E; the representation goes between these two calls. */
function beginScalar(typeQualifier: number): number {
  sink.byte(BEGIN);
  sink.byte(typeQualifier);
  return sink.length;
}

function endScalar(representationStart: number): void {
  sink.escapeFrom(representationStart);
  sink.byte(END);
}

/** ion-js's UTF-8 encoder (used by ion-hash-js) rejects or WTF-8-encodes lone surrogates; Node's would write U+FFFD. */
function requireWellFormed(text: string): void {
  if (!(text as string & { isWellFormed(): boolean }).isWellFormed()) throw new Declined('unpaired surrogate');
}

function writeText(typeQualifier: number, text: string): void {
  requireWellFormed(text);
  sink.byte(BEGIN);
  sink.byte(typeQualifier);
  sink.escapedUtf8(text);
  sink.byte(END);
}

/** Symbols (values, field names, annotations) are hashed by their text, never by symbol ID. */
function writeSymbolText(text: string | null): void {
  if (text === null) throw new Declined('symbol without text');
  writeText(TQ_SYMBOL, text);
}

function writeBytes(typeQualifier: number, bytes: Uint8Array): void {
  sink.byte(BEGIN);
  sink.byte(typeQualifier);
  sink.escapedBytes(bytes);
  sink.byte(END);
}

/** Ints: the magnitude as a UInt, the sign in the type code; zero (and -0) has no representation. */
function writeInt(value: dom.Value): void {
  const number = value.numberValue()!;
  if (number === 0) return writeMarked(TQ_POSITIVE_INT);
  if (Number.isSafeInteger(number)) {
    const start = beginScalar(number < 0 ? TQ_NEGATIVE_INT : TQ_POSITIVE_INT);
    writeUIntNumber(Math.abs(number));
    return endScalar(start);
  }
  // ion-js writes a dom.Integer built from a fractional number as garbage; not worth reproducing.
  if (Number.isNaN(number) || (Number.isFinite(number) && !Number.isInteger(number))) throw new Declined(`int ${number}`);
  const integer = value.bigIntValue()!;
  const start = beginScalar(integer < 0n ? TQ_NEGATIVE_INT : TQ_POSITIVE_INT);
  writeUIntBigInt(integer < 0n ? -integer : integer);
  endScalar(start);
}

function writeUIntNumber(magnitude: number): void {
  let size = 1;
  while (size < 7 && magnitude >= 2 ** (8 * size)) size++;
  sink.reserve(size);
  for (let i = size - 1; i >= 0; i--) {
    sink.buffer[sink.length + i] = magnitude % 256;
    magnitude = Math.floor(magnitude / 256);
  }
  sink.length += size;
}

function writeUIntBigInt(magnitude: bigint): void {
  let hex = magnitude.toString(16);
  if (hex.length % 2 === 1) hex = `0${hex}`;
  const size = hex.length / 2;
  sink.reserve(size);
  sink.length += sink.buffer.write(hex, sink.length, size, 'hex');
}

/** Floats: 8-byte big-endian IEEE 754; positive zero alone has no representation (-0e0 keeps its sign bit). */
function writeFloat(value: number): void {
  if (Object.is(value, 0)) return writeMarked(TQ_FLOAT);
  const start = beginScalar(TQ_FLOAT);
  sink.reserve(8);
  sink.buffer.writeDoubleBE(value, sink.length);
  sink.length += 8;
  endScalar(start);
}

/**
 * Decimals: VarInt exponent then signed Int coefficient; 0d0 has no representation, a positive zero
 * coefficient is omitted, a negative zero one is 0x80 (so -0d0 differs from 0d0 and 0d-5 from 0d0).
 */
function writeDecimal(value: Decimal): void {
  const exponent = value.getExponent();
  const coefficient = value.getCoefficient();
  const negative = value.isNegative();
  if (coefficient === 0n && !negative && Object.is(exponent, 0)) return writeMarked(TQ_DECIMAL);
  const start = beginScalar(TQ_DECIMAL);
  writeVarInt(exponent);
  if (negative || coefficient !== 0n) writeSignedInt(coefficient < 0n ? -coefficient : coefficient, negative);
  endScalar(start);
}

/** Int subfield: magnitude big-endian with a sign bit, one extra leading byte when the magnitude needs the top bit. */
function writeSignedInt(magnitude: bigint, negative: boolean): void {
  const start = sink.length;
  if (magnitude === 0n) sink.byte(0);
  else if (magnitude <= BigInt(Number.MAX_SAFE_INTEGER)) writeUIntNumber(Number(magnitude));
  else writeUIntBigInt(magnitude);
  if (sink.buffer[start]! & 0x80) {
    sink.reserve(1);
    sink.buffer.copyWithin(start + 1, start, sink.length);
    sink.buffer[start] = 0;
    sink.length++;
  }
  if (negative) sink.buffer[start]! |= 0x80;
}

/** VarInt: 7 bits per byte, sign in bit 6 of the first byte (so -0 is 0xC0), end flag on the last. */
function writeVarInt(value: number): void {
  if (!Number.isInteger(value) || Math.abs(value) > 0x7fffffff) throw new Declined(`exponent ${value}`);
  const negative = value < 0 || Object.is(value, -0);
  let magnitude = Math.abs(value);
  let size = 1;
  while (magnitude >= 2 ** (7 * size - 1)) size++;
  sink.reserve(size);
  for (let i = size - 1; i >= 0; i--) {
    sink.buffer[sink.length + i] = magnitude & 0x7f;
    magnitude >>>= 7;
  }
  if (negative) sink.buffer[sink.length]! |= 0x40;
  sink.buffer[sink.length + size - 1]! |= 0x80;
  sink.length += size;
}

/** VarUInt: 7 bits per byte, end flag on the last. */
function writeVarUInt(value: number): void {
  let size = 1;
  while (value >= 2 ** (7 * size)) size++;
  sink.reserve(size);
  for (let i = size - 1; i >= 0; i--) {
    sink.buffer[sink.length + i] = value & 0x7f;
    value >>>= 7;
  }
  sink.buffer[sink.length + size - 1]! |= 0x80;
  sink.length += size;
}

/**
 * Timestamps: offset (unknown offset -00:00 is VarInt -0), then the UTC fields down to the precision,
 * then the fraction as exponent and coefficient. A fraction with zero coefficient keeps its exponent
 * (.000 differs from no fraction); a zero coefficient itself is not written.
 */
function writeTimestamp(value: Timestamp): void {
  requireNoMillisecondCarry(value);
  const start = beginScalar(TQ_TIMESTAMP);
  writeVarInt(value.getLocalOffset());
  const date = value.getDate();
  const precision = value.getPrecision();
  writeVarUInt(date.getUTCFullYear());
  if (precision >= TimestampPrecision.MONTH) writeVarUInt(date.getUTCMonth() + 1);
  if (precision >= TimestampPrecision.DAY) writeVarUInt(date.getUTCDate());
  if (precision >= TimestampPrecision.HOUR_AND_MINUTE) {
    writeVarUInt(date.getUTCHours());
    writeVarUInt(date.getUTCMinutes());
  }
  if (precision >= TimestampPrecision.SECONDS) {
    writeVarUInt(value.getSecondsInt());
    writeFraction(value.getSecondsDecimal());
  }
  endScalar(start);
}

/**
 * ion-js's `getDate()` rounds the fraction to milliseconds, so a fraction of .9995 or more rolls the date
 * over by a second while the writer still writes the old seconds: ion-hash-js hashes a shifted timestamp,
 * and shifts it once more each time a value is re-encoded (`ionHash(dom)` encodes before hashing, the
 * bytes path does not). Exactly which shift each path saw is left to ion-hash-js.
 */
function requireNoMillisecondCarry(value: Timestamp): void {
  if (value.getPrecision() < TimestampPrecision.SECONDS) return;
  const milliseconds = Math.round((value.getSecondsDecimal().numberValue() - value.getSecondsInt()) * 1000);
  if (milliseconds >= 1000) throw new Declined('fraction rounds up to the next second');
}

/** The fraction of the seconds: the digits right of the point, as (coefficient mod 10^-exponent) × 10^exponent. */
function writeFraction(seconds: Decimal): void {
  const exponent = seconds.getExponent();
  if (exponent >= 0) return;
  writeVarInt(exponent);
  const coefficient = seconds.getCoefficient();
  const fraction = (coefficient < 0n ? -coefficient : coefficient) % 10n ** BigInt(-exponent);
  if (fraction !== 0n) writeSignedInt(fraction, false);
}

/** Lists and sexps: B ‖ TQ ‖ s(element)… ‖ E — elements carry their own markers, so no escaping here. */
function writeSequence(typeQualifier: number, elements: dom.Value[]): void {
  sink.byte(BEGIN);
  sink.byte(typeQualifier);
  for (const element of elements) writeValue(element);
  sink.byte(END);
}

/**
 * Structs: B ‖ 0xD0 ‖ escape(sorted H(s(name as symbol) ‖ s(value)) of every field) ‖ E. Each field is
 * serialized at the end of the shared buffer, hashed, then cut off again. Duplicate names are separate fields.
 */
function writeStruct(value: dom.Value): void {
  const fieldHashes: Buffer[] = [];
  for (const [name, values] of value.allFields()) {
    for (const fieldValue of values) {
      const start = sink.length;
      writeSymbolText(name);
      writeValue(fieldValue);
      fieldHashes.push(sha256(sink.buffer.subarray(start, sink.length)));
      sink.length = start;
    }
  }
  fieldHashes.sort(Buffer.compare);
  sink.byte(BEGIN);
  sink.byte(TQ_STRUCT);
  for (const fieldHash of fieldHashes) sink.escapedBytes(fieldHash);
  sink.byte(END);
}
