import { fieldMatches } from '../helpers/event-patterns';

/**
 * One describe per operator of the event-pattern language. Each case is
 * [the pattern's value list for field "a", the event's value for "a" (undefined: no field), whether it matches].
 * Facts: docs/eventbridge-patterns.md#operators, #numbers and #matching.
 */
type Case = [list: string, value: string | undefined, expected: boolean];

const run = (cases: Case[]) =>
  it.each(cases)('%s against %s: %s', (list, value, expected) => {
    expect(fieldMatches(list, value)).toBe(expected);
  });

describe('exact values', () => {
  run([
    ['["abc"]', '"abc"', true],
    ['["abc"]', '"ABC"', false],
    ['["abc"]', '"abcd"', false],
    ['[""]', '""', true],
    ['[""]', 'null', false],
    ['[null]', 'null', true],
    ['[null]', undefined, false],
    ['[null]', '""', false],
    ['[true]', 'true', true],
    ['[true]', 'false', false],
    ['[false]', '0', false],
    // Numbers compare by value, not text
    ['[5]', '5.0', true],
    ['[5]', '5e0', true],
    ['[300]', '300.0', true],
    ['[300]', '3.0e2', true],
    ['[0]', '-0', true],
    ['[0.5]', '5e-1', true],
    ['[9007199254740993]', '9007199254740992', false],
    ['[9007199254740993]', '9007199254740993', true],
    ['[0.3]', '0.30000000000000004', false],
    // Type-sensitive
    ['[5]', '"5"', false],
    ['["5"]', '5', false],
    ['[true]', '"true"', false],
    ['["true"]', 'true', false],
    ['[1]', 'true', false],
    // Several values: OR
    ['["a", "b", 3]', '"b"', true],
    ['["a", "b", 3]', '3', true],
    ['["a", "b", 3]', '"c"', false],
  ]);
});

describe('prefix', () => {
  run([
    ['[{"prefix": "ab"}]', '"abc"', true],
    ['[{"prefix": "ab"}]', '"ab"', true],
    ['[{"prefix": "ab"}]', '"xab"', false],
    ['[{"prefix": "ab"}]', '"ABc"', false],
    ['[{"prefix": ""}]', '""', true],
    ['[{"prefix": ""}]', '"anything"', true],
    ['[{"prefix": ""}]', '5', false],
    ['[{"prefix": "1"}]', '12', false],
    ['[{"prefix": "t"}]', 'true', false],
    ['[{"prefix": "n"}]', 'null', false],
    ['[{"prefix": "ab"}]', undefined, false],
    ['[{"prefix": {"equals-ignore-case": "AB"}}]', '"abc"', true],
    ['[{"prefix": {"equals-ignore-case": "ab"}}]', '"ABC"', true],
    ['[{"prefix": {"equals-ignore-case": "ab"}}]', '"xabc"', false],
  ]);
});

describe('suffix', () => {
  run([
    ['[{"suffix": ".png"}]', '"image.png"', true],
    ['[{"suffix": ".png"}]', '"image.PNG"', false],
    ['[{"suffix": ".png"}]', '"image.png.jpg"', false],
    ['[{"suffix": ""}]', '""', true],
    ['[{"suffix": "5"}]', '5', false],
    ['[{"suffix": {"equals-ignore-case": ".PNG"}}]', '"image.png"', true],
    ['[{"suffix": {"equals-ignore-case": ".png"}}]', '"IMAGE.PNG"', true],
    ['[{"suffix": {"equals-ignore-case": ".png"}}]', '"image.jpg"', false],
  ]);
});

describe('equals-ignore-case', () => {
  run([
    ['[{"equals-ignore-case": "alice"}]', '"ALICE"', true],
    ['[{"equals-ignore-case": "alice"}]', '"AlIcE"', true],
    ['[{"equals-ignore-case": "alice"}]', '"alicee"', false],
    ['[{"equals-ignore-case": "straße"}]', '"STRASSE"', true],
    ['[{"equals-ignore-case": "café"}]', '"CAFÉ"', true],
    ['[{"equals-ignore-case": "true"}]', 'true', false],
    ['[{"equals-ignore-case": "5"}]', '5', false],
    ['[{"equals-ignore-case": ""}]', '""', true],
  ]);
});

describe('wildcard', () => {
  run([
    ['[{"wildcard": "*"}]', '""', true],
    ['[{"wildcard": "*"}]', '"anything"', true],
    ['[{"wildcard": "*"}]', '5', false],
    ['[{"wildcard": "*"}]', 'null', false],
    ['[{"wildcard": "a*b"}]', '"ab"', true],
    ['[{"wildcard": "a*b"}]', '"axxxb"', true],
    ['[{"wildcard": "a*b"}]', '"axxxbc"', false],
    ['[{"wildcard": "abc"}]', '"abc"', true],
    ['[{"wildcard": "abc"}]', '"abcd"', false],
    ['[{"wildcard": "a\\\\*b"}]', '"a*b"', true],
    ['[{"wildcard": "a\\\\*b"}]', '"axb"', false],
    ['[{"wildcard": "a\\\\\\\\b"}]', '"a\\\\b"', true],
    ['[{"wildcard": "dir/*.png"}]', '"dir/sub/x.png"', true],
    ['[{"wildcard": "a.c"}]', '"abc"', false],
    ['[{"wildcard": "arn:aws:events:*:*:rule/*"}]', '"arn:aws:events:us-east-1:123456789012:rule/r"', true],
    ['[{"wildcard": "*\\n*"}]', '"a\\nb"', true],
  ]);
});

describe('anything-but', () => {
  run([
    ['[{"anything-but": "x"}]', '"y"', true],
    ['[{"anything-but": "x"}]', '"x"', false],
    ['[{"anything-but": "x"}]', 'null', true],
    ['[{"anything-but": "x"}]', '5', true],
    ['[{"anything-but": "x"}]', 'true', true],
    ['[{"anything-but": "x"}]', undefined, false],
    ['[{"anything-but": 123}]', '"abc"', true],
    ['[{"anything-but": 123}]', '123.0', false],
    ['[{"anything-but": 123}]', '124', true],
    ['[{"anything-but": ["x", "y"]}]', '"z"', true],
    ['[{"anything-but": ["x", "y"]}]', '"y"', false],
    ['[{"anything-but": ["x"]}]', 'null', true],
    ['[{"anything-but": [1, 2]}]', '2', false],
    ['[{"anything-but": [1, 2]}]', '3', true],
    ['[{"anything-but": {"prefix": "x"}}]', '"xy"', false],
    ['[{"anything-but": {"prefix": "x"}}]', '"yx"', true],
    ['[{"anything-but": {"prefix": "x"}}]', 'null', true],
    ['[{"anything-but": {"prefix": "x"}}]', undefined, false],
    ['[{"anything-but": {"prefix": ["x", "y"]}}]', '"yz"', false],
    ['[{"anything-but": {"suffix": ".tmp"}}]', '"a.tmp"', false],
    ['[{"anything-but": {"suffix": ".tmp"}}]', '"a.txt"', true],
    ['[{"anything-but": {"suffix": [".tmp", ".bak"]}}]', '"a.bak"', false],
    ['[{"anything-but": {"equals-ignore-case": "x"}}]', '"X"', false],
    ['[{"anything-but": {"equals-ignore-case": "x"}}]', '"y"', true],
    ['[{"anything-but": {"equals-ignore-case": ["x", "Y"]}}]', '"y"', false],
    ['[{"anything-but": {"wildcard": "*.tmp"}}]', '"a.tmp"', false],
    ['[{"anything-but": {"wildcard": "*.tmp"}}]', '"a.txt"', true],
    ['[{"anything-but": {"wildcard": ["*.tmp", "b*"]}}]', '"bz"', false],
    // Any element of an array passing is enough; an empty array is no value
    ['[{"anything-but": "x"}]', '["x", "y"]', true],
    ['[{"anything-but": "x"}]', '["x"]', false],
    ['[{"anything-but": "x"}]', '[]', false],
    ['[{"anything-but": "x"}]', '{"b": 1}', false],
  ]);
});

describe('numeric', () => {
  run([
    ['[{"numeric": [">", 0]}]', '1', true],
    ['[{"numeric": [">", 0]}]', '0', false],
    ['[{"numeric": [">=", 0]}]', '0', true],
    ['[{"numeric": ["<", 0]}]', '-0.5', true],
    ['[{"numeric": ["<=", 10]}]', '10.0', true],
    ['[{"numeric": ["=", 5]}]', '5.0', true],
    ['[{"numeric": ["=", 5]}]', '5e0', true],
    ['[{"numeric": ["=", 100]}]', '1e2', true],
    ['[{"numeric": ["=", 0.3]}]', '0.30000000000000004', false],
    ['[{"numeric": ["=", 0.3]}]', '0.3000001', false],
    ['[{"numeric": [">", 0, "<=", 5]}]', '5', true],
    ['[{"numeric": [">", 0, "<=", 5]}]', '5.000001', false],
    ['[{"numeric": [">", 0, "<", 5]}]', '0', false],
    ['[{"numeric": [">=", 0, "<", 5]}]', '0', true],
    ['[{"numeric": [">", 100]}]', '101.0', true],
    ['[{"numeric": [">", 1e300]}]', '1e301', true],
    ['[{"numeric": ["<", -5e9]}]', '-6e9', true],
    ['[{"numeric": [">", 0]}]', '"5"', false],
    ['[{"numeric": [">", 0]}]', 'true', false],
    ['[{"numeric": [">", 0]}]', 'null', false],
    ['[{"numeric": [">", 0]}]', undefined, false],
    ['[{"numeric": [">", 0]}]', '[-1, 3]', true],
    ['[{"numeric": [">", 0, "<", 10]}]', '[-1, 30]', false],
  ]);
});

describe('exists', () => {
  run([
    ['[{"exists": true}]', '"x"', true],
    ['[{"exists": true}]', '""', true],
    ['[{"exists": true}]', '0', true],
    ['[{"exists": true}]', 'null', true],
    ['[{"exists": true}]', undefined, false],
    ['[{"exists": true}]', '[]', false],
    ['[{"exists": true}]', '["x"]', true],
    ['[{"exists": true}]', '{"b": 1}', false],
    ['[{"exists": true}]', '{}', false],
    ['[{"exists": false}]', undefined, true],
    ['[{"exists": false}]', 'null', false],
    ['[{"exists": false}]', '"x"', false],
    ['[{"exists": false}]', '[]', true],
    ['[{"exists": false}]', '{"b": 1}', true],
    ['[{"exists": false}]', '{}', true],
    // "absent or greater than zero"
    ['[{"exists": false}, {"numeric": [">", 0]}]', undefined, true],
    ['[{"exists": false}, {"numeric": [">", 0]}]', '0', false],
    ['[{"exists": false}, {"numeric": [">", 0]}]', '2', true],
  ]);
});

describe('cidr', () => {
  run([
    ['[{"cidr": "10.0.0.0/24"}]', '"10.0.0.255"', true],
    ['[{"cidr": "10.0.0.0/24"}]', '"10.0.1.0"', false],
    ['[{"cidr": "10.0.0.0/24"}]', '"10.0.0.01"', true],
    ['[{"cidr": "10.0.0.0/24"}]', '"10.0.0.5/32"', false],
    ['[{"cidr": "10.0.0.0/24"}]', '"10.0.0"', false],
    ['[{"cidr": "10.0.0.0/24"}]', '"10.0.0.256"', false],
    ['[{"cidr": "10.0.0.0/24"}]', '"::ffff:10.0.0.1"', false],
    ['[{"cidr": "0.0.0.0/0"}]', '"192.168.1.1"', true],
    ['[{"cidr": "10.0.0.0/8"}]', '167772161', false],
    ['[{"cidr": "2001:db8::/32"}]', '"2001:db8::1"', true],
    ['[{"cidr": "2001:db8::/32"}]', '"2001:DB8:FFFF::1"', true],
    ['[{"cidr": "2001:db8::/32"}]', '"2001:db9::1"', false],
    ['[{"cidr": "2001:db8::/32"}]', '"10.0.0.1"', false],
    ['[{"cidr": "::/0"}]', '"::1"', true],
    ['[{"cidr": "2001:db8::/126"}]', '"2001:0db8:0000:0000:0000:0000:0000:0003"', true],
    ['[{"cidr": "2001:db8::/126"}]', '"2001:db8::4"', false],
    ['[{"cidr": "::ffff:0:0/96"}]', '"::ffff:10.1.2.3"', true],
    ['[{"cidr": "2001:db8::/32"}]', '"2001:db8:::1"', false],
  ]);
});
