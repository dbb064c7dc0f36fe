import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cryptoHasherProvider, makeHashReader } from 'ion-hash-js';
import { Decimal, dom, dumpBinary, load, makeReader, Timestamp } from 'ion-js';
import { fastIonHash, fastIonHashOfBytes } from '../../runtime/services/qldb/journal/fast-ion-hash';
import { ionBinary, ionHash, ionStringBinary } from '../../runtime/services/qldb/journal/hash';

/**
 * fast-ion-hash against ion-hash-js, the reference implementation the driver uses for the commit digest.
 * Every value is hashed four ways and each must equal the oracle byte for byte: the fast hash of its DOM,
 * `ionHash` of the DOM (what the journal hashes), and `ionHash` of its text and of its binary encoding
 * (what statement parameters arrive as).
 */

const hex = (bytes: Uint8Array | undefined): string => (bytes === undefined ? 'declined' : Buffer.from(bytes).toString('hex'));

/** ion-hash-js over the first top-level value of `bytes`: the oracle. */
function oracle(bytes: Uint8Array): string {
  const reader = makeHashReader(makeReader(bytes), cryptoHasherProvider('sha256'));
  reader.next();
  reader.next();
  return hex(reader.digest());
}

/** What `ionHash(dom)` computed before fast-ion-hash: ion-hash-js over the value's binary encoding. */
const oracleOfValue = (value: dom.Value): string => oracle(ionBinary(value));

/** Asserts all four hashes of one Ion text; answers whether the fast DOM hash declined it. */
function expectAgreement(text: string): boolean {
  const value = load(text)!;
  const expected = oracleOfValue(value);
  const fast = fastIonHash(value);
  if (fast !== undefined) expect(`${text} → ${hex(fast)}`).toBe(`${text} → ${expected}`);
  // A top-level blob or clob DOM value is a Uint8Array, which ionHash reads as Ion bytes (as it always has).
  if (!(value instanceof Uint8Array)) expect(`${text} → ${hex(ionHash(value))}`).toBe(`${text} → ${expected}`);
  const textBytes = Buffer.from(text, 'utf8');
  expect(`${text} → ${hex(ionHash(textBytes))}`).toBe(`${text} → ${oracle(textBytes)}`);
  const binary = dumpBinary(value);
  expect(`${text} → ${hex(ionHash(binary))}`).toBe(`${text} → ${oracle(binary)}`);
  return fast === undefined;
}

/** mulberry32: small, seeded, deterministic. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Generates Ion text for random values of every type. */
class IonTextGenerator {
  constructor(private readonly random: () => number) {}

  private int(max: number): number {
    return Math.floor(this.random() * max);
  }

  private pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  private digits(count: number): string {
    let text = String(1 + this.int(9));
    for (let i = 1; i < count; i++) text += String(this.int(10));
    return text;
  }

  value(depth = 0): string {
    return this.annotations() + this.bareValue(depth);
  }

  private annotations(): string {
    if (this.random() < 0.75) return '';
    const count = 1 + this.int(3);
    return Array.from({ length: count }, () => `${this.symbolText()}::`).join('');
  }

  private bareValue(depth: number): string {
    const containers = depth < 5 ? ['list', 'sexp', 'struct'] : [];
    const kind = this.pick(['null', 'bool', 'int', 'float', 'decimal', 'timestamp', 'string', 'symbol', 'blob', 'clob', ...containers, ...containers]);
    switch (kind) {
      case 'null':
        return this.pick(['null', 'null.null', 'null.bool', 'null.int', 'null.float', 'null.decimal', 'null.timestamp', 'null.string', 'null.symbol', 'null.blob', 'null.clob', 'null.list', 'null.sexp', 'null.struct']);
      case 'bool':
        return this.pick(['true', 'false']);
      case 'int':
        return this.intText();
      case 'float':
        return this.floatText();
      case 'decimal':
        return this.decimalText();
      case 'timestamp':
        return this.timestampText();
      case 'string':
        return this.stringText();
      case 'symbol':
        return this.symbolText();
      case 'blob':
        return `{{${Buffer.from(this.bytes()).toString('base64')}}}`;
      case 'clob':
        return `{{"${[...this.bytes()].map((byte) => `\\x${byte.toString(16).padStart(2, '0')}`).join('')}"}}`;
      case 'list':
        return `[${this.elements(depth).join(', ')}]`;
      case 'sexp':
        return `(${this.elements(depth).join(' ')})`;
      default:
        return `{${this.elements(depth).map((element) => `${this.fieldName()}: ${element}`).join(', ')}}`;
    }
  }

  private elements(depth: number): string[] {
    return Array.from({ length: this.int(6) }, () => this.value(depth + 1));
  }

  /** A small pool, so duplicate names are common; includes the empty name and non-ASCII names. */
  private fieldName(): string {
    const name = this.pick(['a', 'b', 'id', '', 'name with space', 'é', '中文', '😀', 'x\u000by', 'version']);
    return this.random() < 0.5 ? JSON.stringify(name) : quoteSymbol(name);
  }

  private intText(): string {
    const sign = this.random() < 0.4 ? '-' : '';
    const around = (base: bigint): bigint => base + BigInt(this.int(5) - 2);
    const magnitude = this.pick<() => bigint>([
      () => BigInt(this.int(300)),
      () => around(2n ** 31n),
      () => around(2n ** 32n),
      () => around(2n ** 53n),
      () => around(2n ** 63n),
      () => around(2n ** 64n),
      () => around(2n ** BigInt(8 * (1 + this.int(8)))),
      () => BigInt(this.digits(1 + this.int(60))),
    ])();
    // Positive only: ion-js 5.2 cannot parse negative hex ints.
    return this.random() < 0.2 && sign === '' ? `0x${magnitude.toString(16)}` : `${sign}${magnitude}`;
  }

  private floatText(): string {
    const special = ['-0e0', '0e0', 'nan', '+inf', '-inf', '5e-324', '-4.9e-324', '2.2250738585072014e-308', '2.225073858507201e-308', '1.7976931348623157e308', '1e0', '0.1e0'];
    if (this.random() < 0.4) return this.pick(special);
    const bits = new DataView(new ArrayBuffer(8));
    for (let i = 0; i < 8; i++) bits.setUint8(i, this.int(256));
    const number = bits.getFloat64(0);
    return Number.isFinite(number) ? number.toExponential() : '1.5e0';
  }

  private decimalText(): string {
    const special = ['-0d0', '0d0', '0d-5', '0d5', '0d-0', '-0d-0', '1d-0', '-0.000', '0.', '1.', '123.456', '-1.5', '1d100', '1d-100'];
    if (this.random() < 0.3) return this.pick(special);
    const sign = this.random() < 0.4 ? '-' : '';
    const coefficient = this.random() < 0.1 ? '0' : this.digits(1 + this.int(40));
    return `${sign}${coefficient}d${this.int(121) - 60}`;
  }

  private timestampText(): string {
    const year = String(this.random() < 0.1 ? 1 + this.int(99) : 1 + this.int(9999)).padStart(4, '0');
    const month = String(1 + this.int(12)).padStart(2, '0');
    const day = String(1 + this.int(28)).padStart(2, '0');
    const hour = String(this.int(24)).padStart(2, '0');
    const minute = String(this.int(60)).padStart(2, '0');
    const second = String(this.int(60)).padStart(2, '0');
    const fraction = this.pick(['0', '000', '9', '99', '999', '9999', '5', '0005', '123456789', this.digitsOrZeros(1 + this.int(12))]);
    const offset = this.pick(['Z', '-00:00', '+00:00', '+05:30', '-08:00', '+23:59', '-23:59', `+${String(this.int(24)).padStart(2, '0')}:${String(this.int(60)).padStart(2, '0')}`]);
    switch (this.int(6)) {
      case 0:
        return `${year}T`;
      case 1:
        return `${year}-${month}T`;
      case 2:
        return `${year}-${month}-${day}${this.random() < 0.5 ? 'T' : ''}`;
      case 3:
        return `${year}-${month}-${day}T${hour}:${minute}${offset}`;
      case 4:
        return `${year}-${month}-${day}T${hour}:${minute}:${second}${offset}`;
      default:
        return `${year}-${month}-${day}T${hour}:${minute}:${second}.${fraction}${offset}`;
    }
  }

  private digitsOrZeros(count: number): string {
    return Array.from({ length: count }, () => String(this.random() < 0.3 ? 0 : this.int(10))).join('');
  }

  /** Characters that stress UTF-8 and escaping: the marker bytes 0x0B/0x0C/0x0E, BMP and astral chars. */
  private text(): string {
    const pool = ['a', 'Z', ' ', '"', "'", '\\', '\n', '\u000b', '\u000c', '\u000e', '\u0000', '\u007f', 'é', 'ß', '中', '\u2028', '\uffff', '😀', '\u{10ffff}', '\u{1d11e}'];
    return Array.from({ length: this.int(this.random() < 0.2 ? 40 : 12) }, () => this.pick(pool)).join('');
  }

  private stringText(): string {
    return JSON.stringify(this.text());
  }

  private symbolText(): string {
    return quoteSymbol(this.text());
  }

  private bytes(): Uint8Array {
    const length = this.int(this.random() < 0.2 ? 40 : 8);
    return Uint8Array.from({ length }, () => (this.random() < 0.4 ? this.pick([0x0b, 0x0c, 0x0e]) : this.int(256)));
  }
}

/** An Ion quoted symbol: backslash escapes, control characters as \xHH. */
function quoteSymbol(text: string): string {
  const escaped = [...text]
    .map((char) => {
      if (char === '\\' || char === "'") return `\\${char}`;
      const code = char.codePointAt(0)!;
      return code < 0x20 || code === 0x7f ? `\\x${code.toString(16).padStart(2, '0')}` : char;
    })
    .join('');
  return `'${escaped}'`;
}

describe('fastIonHash agrees with ion-hash-js', () => {
  it('on 3000 generated values of every type, nested and annotated', () => {
    const generator = new IonTextGenerator(prng(20240611));
    const declined: string[] = [];
    for (let i = 0; i < 3000; i++) {
      const text = generator.value();
      if (expectAgreement(text)) declined.push(text);
    }
    // Only timestamps whose fraction rounds up to a second in ion-js are declined (see the next test).
    expect(declined.filter((text) => !/\.\d*999\d*(Z|[+-]\d\d:\d\d)/.test(text))).toEqual([]);
    expect(declined.length).toBeLessThan(100);
  });

  it.each([
    ['null', 'null'], ['typed nulls', 'null.int'], ['null struct', 'a::null.struct'], ['bool', 'true'],
    ['zero', '0'], ['negative int', '-1'], ['2^31', '2147483648'], ['-2^31 - 1', '-2147483649'], ['2^53 + 1', '9007199254740993'],
    ['2^64', '18446744073709551616'], ['-(2^64 - 1)', '-18446744073709551615'], ['huge int', '123456789012345678901234567890123456789012345678901234567890'],
    ['-0e0', '-0e0'], ['0e0', '0e0'], ['nan', 'nan'], ['+inf', '+inf'], ['-inf', '-inf'], ['smallest subnormal', '5e-324'],
    ['-0d0', '-0d0'], ['0d-5', '0d-5'], ['0d-0', '0d-0'], ['-0d-0', '-0d-0'], ['1d-0', '1d-0'], ['big decimal', '-123456789012345678901234567890d-70'],
    ['year', '2019T'], ['month', '2019-12T'], ['day', '2019-12-11'], ['minute', '2019-12-11T07:20+05:30'], ['unknown offset', '2019-12-11T07:20:51-00:00'],
    ['milliseconds', '2019-12-11T07:20:51.245Z'], ['zero fraction', '2019-12-11T07:20:51.000Z'], ['long fraction', '2019-12-11T07:20:51.000000001Z'],
    ['year 1', '0001-01-01T00:00:00Z'], ['year 99', '0099-12-31T23:59:59.5-00:00'], ['year 9999', '9999-12-31T23:59:59.999Z'],
    ['long string', '"a string longer than thirteen bytes, é中😀"'], ['string with markers', '"\\x0b\\x0c\\x0e"'], ['empty string', '""'],
    ['empty symbol', "''"], ['symbol with markers', "'\\x0b\\x0e'"], ['astral symbol', "'😀'"],
    ['blob with markers', '{{ CwwODg4L }}'], ['empty blob', '{{}}'], ['clob with markers', '{{"\\x0b\\x0c\\x0e\\xff"}}'],
    ['sexp', "(+ 1 a::'b' (c))"], ['duplicate fields', '{a: 1, a: 1, a: 2}'], ['empty field name', '{"": ""}'],
    ['annotated containers', "a::b::[c::{d: e::(f::null)}]"], ['deep nesting', '[[[[[[[[[[{a:[{b:(1)}]}]]]]]]]]]]'],
  ])('on %s: %s', (_label, text) => {
    expect(expectAgreement(text)).toBe(false);
  });

  it('declines timestamps whose fraction ion-js rounds up to a second, and ionHash still matches ion-hash-js', () => {
    expect(expectAgreement('2019-12-11T23:59:59.9999-08:00')).toBe(true);
    expect(expectAgreement('2019-12-31T23:59:59.99951Z')).toBe(true);
    // 59.9995 - 59 is 0.99949… in binary floating point: ion-js rounds it down, so no carry.
    expect(expectAgreement('2019-12-31T23:59:59.9995Z')).toBe(false);
  });
});

describe('fastIonHash on values built in code', () => {
  const cases: [string, () => dom.Value][] = [
    ['Integer from a bigint above 2^64', () => new dom.Integer(2n ** 64n + 5n)],
    ['Integer from an unsafe number', () => new dom.Integer(1e20)],
    ['Integer from a number just below 2^64', () => new dom.Integer(2 ** 64 - 2048)],
    ['Integer from -0', () => new dom.Integer(-0)],
    ['Float -0', () => new dom.Float(-0)],
    ['Float NaN', () => new dom.Float(Number.NaN)],
    ['Float subnormal', () => new dom.Float(Number.MIN_VALUE)],
    ['Decimal -0d-5', () => new dom.Decimal(new Decimal(0n, -5, true))],
    ['Timestamp from a Date', () => new dom.Timestamp(new Date(Date.UTC(2024, 1, 29, 12, 0, 0, 7)))],
    ['Timestamp with seconds precision', () => new dom.Timestamp(new Timestamp(-480, 2024, 2, 29, 23, 59, 59))],
    ['Struct with a duplicate field', () => new dom.Struct([['a', [new dom.Integer(1), new dom.Integer(1)]], ['', [new dom.String('')]]] as never)],
    ['Value.from a JS object', () => dom.Value.from({ name: 'x', n: 3, nested: [1.5, true, null, new Date(0)] })],
  ];
  it.each(cases)('%s', (_label, build) => {
    const value = build();
    const expected = oracleOfValue(value);
    expect(hex(fastIonHash(value))).toBe(expected);
    expect(hex(ionHash(value))).toBe(expected);
  });

  it('declines a string with an unpaired surrogate, leaving it to ion-hash-js', () => {
    const lowSurrogate = new dom.String('a\udc00b');
    expect(fastIonHash(lowSurrogate)).toBeUndefined();
    expect(hex(ionHash(lowSurrogate))).toBe(oracleOfValue(lowSurrogate));
    const highSurrogate = new dom.String('a\ud800');
    expect(fastIonHash(highSurrogate)).toBeUndefined();
    expect(() => ionHash(highSurrogate)).toThrow(/surrogate/);
  });
});

describe('fastIonHashOfBytes on binary encodings ion-js would not write itself', () => {
  const bvm = [0xe0, 0x01, 0x00, 0xea];
  const binary = (...bytes: number[]): Uint8Array => Uint8Array.from([...bvm, ...bytes]);
  it.each([
    ['an int with a padded magnitude', binary(0x22, 0x00, 0x05)],
    ['negative zero int', binary(0x30)],
    ['a 32-bit float', binary(0x44, 0x3f, 0xc0, 0x00, 0x00)],
    ['a 32-bit negative zero', binary(0x44, 0x80, 0x00, 0x00, 0x00)],
    ['decimal with exponent -0', binary(0x52, 0xc0, 0x01)],
    ['decimal 0d0 with explicit fields', binary(0x52, 0x80, 0x00)],
    ['timestamp with fraction 0d-0', binary(0x69, 0x80, 0x0f, 0xd0, 0x81, 0x81, 0x80, 0x80, 0x80, 0xc0)],
    ['timestamp with explicit zero fraction coefficient', binary(0x6a, 0x80, 0x0f, 0xd0, 0x81, 0x81, 0x80, 0x80, 0x80, 0xc2, 0x00)],
    ['a value followed by another', binary(0x21, 0x01, 0x21, 0x02)],
  ])('%s', (_label, bytes) => {
    expect(hex(fastIonHashOfBytes(bytes))).toBe(oracle(bytes));
    expect(hex(ionHash(bytes))).toBe(oracle(bytes));
  });

  it('leaves symbol zero, which load rejects, to ion-hash-js, which rejects it too', () => {
    const symbolZero = binary(0x71, 0x00);
    expect(fastIonHashOfBytes(symbolZero)).toBeUndefined();
    expect(() => oracle(symbolZero)).toThrow('Symbol ID zero is unsupported');
    expect(() => ionHash(symbolZero)).toThrow('Symbol ID zero is unsupported');
  });
});

describe('fastIonHash on what QLDB hashes', () => {
  const fixture = (name: string): dom.Value => load(readFileSync(join(__dirname, '../fixtures/qldb', name), 'utf8'))!;

  it('a real revision, its data and its metadata, and a real block summary with its transactionInfo', () => {
    const revision = fixture('real-revision.ion');
    const summary = fixture('real-block-summary.ion');
    for (const value of [revision, revision.get('data')!, revision.get('metadata')!, summary, summary.get('transactionInfo')!]) {
      expect(hex(fastIonHash(value))).toBe(oracleOfValue(value));
      expect(hex(ionHash(ionBinary(value)))).toBe(oracleOfValue(value));
    }
  });

  it('a transaction id and a statement as Ion strings', () => {
    for (const text of ['0007KbqoyqAIch6XRbQ4iA', "INSERT INTO Person VALUE {'FirstName': 'Testing new 600'}", '']) {
      const bytes = ionStringBinary(text);
      expect(hex(fastIonHashOfBytes(bytes))).toBe(oracle(bytes));
    }
  });
});
