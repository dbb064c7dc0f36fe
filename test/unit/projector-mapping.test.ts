import { load } from 'ion-js';
import { ionStructToItem, ionToAttributeValue, scalarText, UnrepresentableValueError } from '../../functions/domain/projection/ion-to-dynamodb';
import { itemSize } from '../../functions/domain/projection/item-size';

const map = (ionText: string) => ionToAttributeValue(load(ionText)!);

describe('Ion → DynamoDB mapping', () => {
  test.each([
    ['42', '42'],
    ['-7', '-7'],
    ['12345678901234567890123456789012345678', '12345678901234567890123456789012345678'],
    ['1.50', '1.5'],
    ['15d-1', '1.5'],
    ['1d3', '1000'],
    ['-0.0', '0'],
    ['0.000123', '0.000123'],
    ['1.5e0', '1.5'],
    ['1e21', '1000000000000000000000'],
    ['-2.5e-3', '-0.0025'],
    ['1d125', `1${'0'.repeat(125)}`],
  ])('number %s → N %s (exact value, as DynamoDB writes it)', (ion, n) => {
    expect(map(ion)).toEqual({ N: n });
  });

  test.each([
    ['nan', 'nan'],
    ['+inf', '+inf'],
    ['-inf', '-inf'],
    ['123456789012345678901234567890123456789', '123456789012345678901234567890123456789'],
    ['1d-200', '1d-200'],
  ])('a number DynamoDB cannot hold (%s) → S with its Ion text', (ion, s) => {
    expect(map(ion)).toEqual({ S: s });
  });

  test('strings, symbols and timestamps → S (timestamps in Ion text form, precision kept)', () => {
    expect(map('"héllo"')).toEqual({ S: 'héllo' });
    expect(map("'a symbol'")).toEqual({ S: 'a symbol' });
    expect(map('2019-12-11T07:20:51.245Z')).toEqual({ S: '2019-12-11T07:20:51.245Z' });
    expect(map('2019-12-11T07:20+01:00')).toEqual({ S: '2019-12-11T07:20+01:00' });
    expect(map('2019T')).toEqual({ S: '2019T' });
  });

  test('bool → BOOL, every null → NULL, blob and clob → B', () => {
    expect(map('true')).toEqual({ BOOL: true });
    for (const n of ['null', 'null.int', 'null.struct', 'null.string', 'null.list']) expect(map(n)).toEqual({ NULL: true });
    expect(map('{{AQID}}')).toStrictEqual({ B: Uint8Array.from([1, 2, 3]) });
    expect(map('{{"ab"}}')).toStrictEqual({ B: Uint8Array.from([0x61, 0x62]) });
  });

  test('list and sexp → L, struct → M (last of repeated fields), annotations dropped', () => {
    expect(map('[1, "a", [true]]')).toEqual({ L: [{ N: '1' }, { S: 'a' }, { L: [{ BOOL: true }] }] });
    expect(map('(a 1)')).toEqual({ L: [{ S: 'a' }, { N: '1' }] });
    expect(map('{ x: 1, x: 2, y: ann::"v", z: {} }')).toEqual({ M: { x: { N: '2' }, y: { S: 'v' }, z: { M: {} } } });
    expect(ionStructToItem(load('{ a: 1 }')!)).toEqual({ a: { N: '1' } });
  });

  test('nesting deeper than DynamoDB allows throws UnrepresentableValueError', () => {
    expect(() => map(`${'['.repeat(33)}${']'.repeat(33)}`)).toThrow(UnrepresentableValueError);
    expect(() => map(`${'['.repeat(31)}${']'.repeat(31)}`)).not.toThrow();
  });

  test('scalarText gives the byIndexedValue text of scalars only', () => {
    expect(scalarText(load('"ana"')!)).toBe('ana');
    expect(scalarText(load('1.50')!)).toBe('1.5');
    expect(scalarText(load('false')!)).toBe('false');
    expect(scalarText(load('2020-01-01T00:00Z')!)).toBe('2020-01-01T00:00Z');
    for (const v of ['null.string', '{a:1}', '[1]', '{{AA==}}']) expect(scalarText(load(v)!)).toBeUndefined();
  });

  test('itemSize counts names and values as DynamoDB does', () => {
    expect(itemSize({ ab: { S: 'héllo' } })).toBe(2 + 6);
    expect(itemSize({ b: { B: new Uint8Array(10) }, t: { BOOL: true }, n: { NULL: true } })).toBe(1 + 10 + 1 + 1 + 1 + 1);
    expect(itemSize({ m: { M: { k: { S: 'v' } } }, l: { L: [{ S: 'v' }] } })).toBe(1 + 3 + 1 + 1 + 1 + (1 + 3 + 1 + 1));
    expect(itemSize({ n: { N: '12345' } })).toBe(1 + 4);
  });
});
