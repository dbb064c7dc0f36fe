import { dumpBinary, load } from 'ion-js';
import { checkBinaryNumbers, MAX_COEFFICIENT_BYTES } from '../../runtime/services/qldb/session/ion-binary-scan';
import { ServiceError } from '../../runtime/core/errors';
import { MAX_DECIMAL_DIGITS } from '../../runtime/services/qldb/session/parameter-bounds';

/**
 * The pre-scan of Ion binary parameters: numbers beyond the parameter bounds are refused from their encoded
 * length alone, before ion-js decodes them (it takes seconds over a 128 KB coefficient); everything ion-js
 * writes within the bounds passes, and malformed bytes are left for ion-js to refuse.
 */

const IVM = [0xe0, 0x01, 0x00, 0xea];

const varUInt = (n: number): number[] => {
  const bytes = [(n & 0x7f) | 0x80];
  for (let rest = Math.floor(n / 128); rest > 0; rest = Math.floor(rest / 128)) bytes.unshift(rest & 0x7f);
  return bytes;
};

/** One value: type descriptor (type code, length nibble or VarUInt length) and body. */
const value = (type: number, body: number[] | Buffer): Buffer =>
  Buffer.concat([Buffer.from(body.length < 14 ? [(type << 4) | body.length] : [(type << 4) | 14, ...varUInt(body.length)]), Buffer.from(body)]);

const stream = (...values: Buffer[]) => Buffer.concat([Buffer.from(IVM), ...values]);

/** A coefficient of `bytes` bytes (0x7f: positive, no leading zero) — about 2.4 digits a byte. */
const coefficient = (bytes: number) => Buffer.alloc(bytes, 0x7f);
const EXPONENT_ZERO = [0x80];
const hugeDecimal = () => value(5, Buffer.concat([Buffer.from(EXPONENT_ZERO), coefficient(128 * 1024 - 64)]));

/** The BadRequestException message `checkBinaryNumbers` throws, or undefined when it passes. */
function refusal(bytes: Uint8Array): string | undefined {
  try {
    checkBinaryNumbers(bytes, 1);
    return undefined;
  } catch (e) {
    expect(e).toBeInstanceOf(ServiceError);
    expect((e as ServiceError).code).toBe('BadRequestException');
    return (e as Error).message;
  }
}

describe('checkBinaryNumbers', () => {
  it.each([
    ['a decimal of the bound', `${'9'.repeat(MAX_DECIMAL_DIGITS)}d-3`],
    ['a negative decimal of the bound', `-${'9'.repeat(MAX_DECIMAL_DIGITS)}.5`],
    ['an integer of the bound', '9'.repeat(MAX_DECIMAL_DIGITS)],
    ['a timestamp with fractional seconds', '2020-01-02T03:04:05.123456789Z'],
    ['a timestamp of year precision', '2020T'],
    ['nested containers, annotations, symbols and nulls', `{a: [1.5, b::c::(x 2d3), null.decimal, "s", {{AQID}}], 'd': {e: 2020-01-01T00:00Z, f: true}, g: null}`],
    ['a decimal exponent at the 32-bit bound', '1d2147483647'],
  ])('passes %s as ion-js writes it', (_name, text) => {
    expect(refusal(dumpBinary(load(text)!))).toBeUndefined();
  });

  it('keeps the bound at what MAX_DECIMAL_DIGITS digits take', () => {
    expect(dumpBinary(load(`${'9'.repeat(MAX_DECIMAL_DIGITS)}d0`)!).length - IVM.length - 4).toBeLessThanOrEqual(MAX_COEFFICIENT_BYTES);
    expect(MAX_COEFFICIENT_BYTES).toBeLessThan(Math.ceil((MAX_DECIMAL_DIGITS + 100) / Math.log10(256)));
  });

  it('refuses a 128 KB decimal at the top level', () => {
    expect(refusal(stream(hugeDecimal()))).toBe(`Parameter 1 holds a decimal of more than ${MAX_DECIMAL_DIGITS} digits`);
  });

  it('refuses a long decimal inside a struct field, a list and an annotation', () => {
    const annotated = (inner: Buffer) => value(14, Buffer.concat([Buffer.from([0x81, 0x84]), inner]));
    const list = value(11, Buffer.concat([value(2, [1]), annotated(hugeDecimal())]));
    const struct = value(13, Buffer.concat([Buffer.from([0x84]), list]));
    expect(refusal(stream(struct))).toMatch(/decimal of more than/);
  });

  it('refuses a long decimal in a sorted struct (length nibble 1)', () => {
    const body = Buffer.concat([Buffer.from([0x84]), hugeDecimal()]);
    const sorted = Buffer.concat([Buffer.from([0xd1, ...varUInt(body.length)]), body]);
    expect(refusal(stream(sorted))).toMatch(/decimal of more than/);
  });

  it('refuses a decimal one coefficient byte over the bound, and passes one at it', () => {
    const decimal = (bytes: number) => stream(value(5, Buffer.concat([Buffer.from(EXPONENT_ZERO), coefficient(bytes)])));
    expect(refusal(decimal(MAX_COEFFICIENT_BYTES))).toBeUndefined();
    expect(refusal(decimal(MAX_COEFFICIENT_BYTES + 1))).toMatch(/decimal of more than/);
  });

  it.each([
    ['positive', 2],
    ['negative', 3],
  ])('refuses a long %s integer', (_name, type) => {
    expect(refusal(stream(value(type, coefficient(128 * 1024 - 64))))).toBe(`Parameter 1 holds an integer or timestamp fraction of more than ${MAX_DECIMAL_DIGITS} digits`);
  });

  it('refuses a timestamp whose fractional seconds are long', () => {
    // Offset +00:00, 2020-01-01T00:00:00, fraction exponent -1, then the coefficient.
    const fields = [0x80, 0x0f, 0xe4, 0x81, 0x81, 0x80, 0x80, 0x80, 0xc1];
    expect(refusal(stream(value(6, Buffer.concat([Buffer.from(fields), coefficient(128 * 1024 - 64)]))))).toMatch(/decimal of more than/);
  });

  it('refuses a decimal exponent beyond 32 bits as an invalid value (ion-js can neither read nor write it)', () => {
    // VarInt 2^31 = 0x08 0x00 0x00 0x00 0x80 (7 bits a byte), then coefficient 1.
    expect(refusal(stream(value(5, [0x08, 0x00, 0x00, 0x00, 0x80, 0x01])))).toBe('Parameter 1 is not a valid Ion value');
  });

  it('decodes nothing: the decimal is refused although the value after it is not valid Ion (a bool with a length)', () => {
    const list = value(11, Buffer.concat([hugeDecimal(), Buffer.from([0x13])]));
    expect(refusal(stream(list))).toMatch(/decimal of more than/);
  });

  it.each([
    ['a length past the end', stream(Buffer.from([0x5e, ...varUInt(1000), 0x80, 0x01]))],
    ['a VarUInt that never ends', stream(Buffer.from([0x5e, 0x01, 0x01, 0x01]))],
    ['no version marker, random bytes', Buffer.from([0x01, 0x02, 0x03, 0xfe])],
    ['nothing', Buffer.alloc(0)],
  ])('leaves %s to ion-js', (_name, bytes) => {
    expect(refusal(bytes)).toBeUndefined();
  });
});
