import { compileEventPattern, EVENT_PATTERN_MAX_LENGTH, requireEventPatternLength } from '../../runtime/services/events/pattern/compile';
import { testEventPattern } from '../../runtime/services/events/pattern/test-event-pattern';
import { reasonFor, rejection } from '../helpers/event-patterns';

/**
 * Patterns PutRule and TestEventPattern refuse, with AWS's reason texts, and TestEventPattern's event checks.
 * Facts: docs/eventbridge-patterns.md#validation-errors, #limits and #testeventpattern.
 */
describe('InvalidEventPatternException reasons', () => {
  it.each([
    // Structure
    ['[]', 'Filter is not an object'],
    ['"source"', 'Filter is not an object'],
    ['{}', 'Empty objects are not allowed'],
    ['{"detail": {}}', 'Empty objects are not allowed'],
    ['{"int": 1}', '"int" must be an object or an array'],
    ['{"source": "aws.kms"}', '"source" must be an object or an array'],
    ['{"a": null}', '"a" must be an object or an array'],
    ['{"a": []}', 'Empty arrays are not allowed'],
    ['{"a": [["x"]]}', 'Match value must be String, number, true, false, or null'],
    ['{"a": [{}]}', 'Empty objects are not allowed'],
    ['{"a": [{"prefix": "x", "suffix": "y"}]}', 'Only one key allowed in match expression'],
    ['{"a": [{"exists": true, "prefix": "x"}]}', 'Only one key allowed in match expression'],
    ['{"a": [{"EXISTS": true}]}', 'Unrecognized match type EXISTS'],
    ['{"a": [{"NUMERIC": [">", 1]}]}', 'Unrecognized match type NUMERIC'],
    ['{"a": [{"foo": 1}]}', 'Unrecognized match type foo'],
    ['{"a": [{"toString": 1}]}', 'Unrecognized match type toString'],
    ['{"a": [{"anything-but": {"constructor": "x"}}]}', 'Unsupported anything-but pattern: constructor'],
    // $or
    ['{"$or": [{"a": ["x"]}]}', 'There must have at least 2 Objects in $or relationship.'],
    ['{"$or": [{"numeric": [">", 1]}, {"a": ["x"]}]}', 'numeric is Ruler reserved fieldName which cannot be used inside $or.'],
    ['{"$or": [{"a": ["x"]}, {"b": {}}]}', 'Empty objects are not allowed'],
    // String operators
    ['{"a": [{"prefix": 1}]}', 'prefix match pattern must be a string'],
    ['{"a": [{"prefix": {"equals-ignore-case": 1}}]}', 'prefix match pattern must be a string'],
    ['{"a": [{"suffix": null}]}', 'suffix match pattern must be a string'],
    ['{"a": [{"equals-ignore-case": ["x"]}]}', 'equals-ignore-case match pattern must be a string'],
    ['{"a": [{"wildcard": 5}]}', 'wildcard match pattern must be a string'],
    // Wildcard
    ['{"a": [{"wildcard": "a**b"}]}', 'Consecutive wildcard characters at pos 2'],
    ['{"a": [{"wildcard": "arn:aws:events:us-east-1:**"}]}', 'Consecutive wildcard characters at pos 26'],
    ['{"a": [{"wildcard": "a\\\\xb"}]}', 'Invalid escape character at pos 1'],
    [
      '{"a": [{"wildcard": "*:*:*:*:*:event-bus/*"}]}',
      'Rule is too complex - try using fewer wildcard characters or fewer repeating character sequences after a wildcard character',
    ],
    // anything-but
    ['{"a": [{"anything-but": null}]}', 'Value of anything-but must be an array or single string/number value.'],
    ['{"a": [{"anything-but": true}]}', 'Value of anything-but must be an array or single string/number value.'],
    ['{"a": [{"anything-but": [null]}]}', 'Inside anything but list, null is not supported.'],
    ['{"a": [{"anything-but": [true]}]}', 'Inside anything but list, boolean is not supported.'],
    ['{"a": [{"anything-but": [{"prefix": "x"}]}]}', 'Inside anything but list, start is not supported.'],
    ['{"a": [{"anything-but": ["x", 1]}]}', 'Inside anything but list, either all values are number or string, mixed type is not supported'],
    ['{"a": [{"anything-but": []}]}', 'Inside anything but list, either all values are number or string, mixed type is not supported'],
    ['{"a": [{"anything-but": {"prefix": ""}}]}', 'Null prefix/suffix not allowed'],
    ['{"a": [{"anything-but": {"suffix": ""}}]}', 'Null prefix/suffix not allowed'],
    ['{"a": [{"anything-but": {"prefix": 1}}]}', 'prefix/suffix match pattern must be a string'],
    ['{"a": [{"anything-but": {"equals-ignore-case": [1]}}]}', 'Inside anything-but/equals-ignore-case list, number is not supported.'],
    ['{"a": [{"anything-but": {"equals-ignore-case": [null]}}]}', 'Inside anything-but/equals-ignore-case list, null is not supported.'],
    ['{"a": [{"anything-but": {"numeric": [">", 1]}}]}', 'Unsupported anything-but pattern: numeric'],
    ['{"a": [{"anything-but": {"exists": true}}]}', 'Unsupported anything-but pattern: exists'],
    ['{"a": [{"anything-but": {"anything-but": "x"}}]}', 'Unsupported anything-but pattern: anything-but'],
    // numeric
    ['{"a": [{"numeric": 5}]}', 'Value of numeric must be an array.'],
    ['{"a": [{"numeric": []}]}', 'Invalid member in numeric match: ]'],
    ['{"a": [{"numeric": ["!=", 5]}]}', 'Unrecognized numeric range operator: !='],
    ['{"a": [{"numeric": ["<", "5"]}]}', 'Value of < must be numeric'],
    ['{"a": [{"numeric": [">"]}]}', 'Value of > must be numeric'],
    ['{"a": [{"numeric": [">", 0, ">", 5]}]}', 'Bad numeric range operator: >'],
    ['{"a": [{"numeric": ["<", 5, ">", 0]}]}', 'Bad numeric range operator: >'],
    ['{"a": [{"numeric": ["=", 5, "<", 6]}]}', 'Bad numeric range operator: <'],
    ['{"a": [{"numeric": [">", 5, "<", 5]}]}', 'Bottom must be less than top'],
    ['{"a": [{"numeric": [">", 6, "<=", 5]}]}', 'Bottom must be less than top'],
    ['{"a": [{"numeric": ["=", 9007199254740993]}]}', 'Cannot compare number : 9007199254740993'],
    // exists
    ['{"a": [{"exists": "true"}]}', 'exists match pattern must be either true or false.'],
    ['{"a": [{"exists": 1}]}', 'exists match pattern must be either true or false.'],
    // cidr
    ['{"a": [{"cidr": "10.0.0.0"}]}', "Malformed CIDR, one '/' required"],
    ['{"a": [{"cidr": "10.0.0.0/x"}]}', 'Malformed CIDR, mask bits must be an integer'],
    ['{"a": [{"cidr": "xx.11.xx/24"}]}', 'Nonstandard IP address: xx.11.xx'],
    ['{"a": [{"cidr": "10.0.0.1/32"}]}', 'IPv4 mask bits must be < 32'],
    ['{"a": [{"cidr": "::1/128"}]}', 'IPv6 mask bits must be < 128'],
  ])('%s: %s', (pattern, reason) => {
    expect(reasonFor(pattern)).toBe(reason);
  });

  it.each([
    ['{"a": ["x"]', 'Unexpected end-of-input'],
    ['{a: ["x"]}', "Unexpected character ('a' (code 97)): was expecting double-quote to start field name"],
    ['{"a" ["x"]}', "Unexpected character ('[' (code 91)): was expecting a colon to separate field name and value"],
    ['{"a": ["x",]}', "Unexpected character (']' (code 93))"],
    ['{"a": ["x"]} trailing', "Unexpected character ('t' (code 116))"],
    ['{"a": ["x\\qy"]}', "Unrecognized character escape 'q' (code 113)"],
    ['{"a": ["x\ny"]}', 'Illegal unquoted character ((CTRL-CHAR, code 10))'],
  ])('malformed JSON %s: a Jackson-style parse message', (pattern, start) => {
    expect(reasonFor(pattern).startsWith(start)).toBe(true);
  });

  it("wraps the reason in AWS's envelope, with the line and column of the offending value", () => {
    const error = rejection('{"int": 1}');
    expect(error.status).toBe(400);
    expect(error.message).toBe('Event pattern is not valid. Reason: "int" must be an object or an array\n at [Source: (String)"{"int": 1}"; line: 1, column: 9]');
    expect(rejection('{\n  "a": [{"exists": 1}]\n}').message).toMatch(/; line: 2, column: 20\]$/);
  });

  it('gives no location for a malformed CIDR block', () => {
    expect(rejection('{"a": [{"cidr": "10.0.0.0"}]}').message).toBe("Event pattern is not valid. Reason: Malformed CIDR, one '/' required");
  });

  it('refuses a pattern whose $or combinations exceed 1000, and accepts 1000', () => {
    const or = (count: number) => ({ $or: Array.from({ length: count }, (_, index) => ({ [`k${index}`]: ['x'] })) });
    expect(() => compileEventPattern(JSON.stringify({ ...or(10), detail: { ...or(10), inner: or(10) } }))).not.toThrow();
    expect(reasonFor({ ...or(10), detail: { ...or(10), inner: or(11) } })).toBe('The pattern has more than 1000 combinations of $or');
  });

  it("refuses a pattern nested deeper than Jackson's 1000 levels without overflowing the stack, and accepts 1000", () => {
    // `depth` levels: depth - 1 objects around the value list.
    const nested = (depth: number) => '{"a":'.repeat(depth - 2) + '{"a":["x"]' + '}'.repeat(depth - 1);
    expect(() => compileEventPattern(nested(1000))).not.toThrow();
    const error = rejection(nested(1001));
    expect(error.code).toBe('InvalidEventPatternException');
    expect(error.message.slice(0, 200)).toMatch(/^Event pattern is not valid\. Reason: Document nesting depth \(1001\) exceeds the maximum allowed \(1000, from `StreamReadConstraints\.getMaxNestingDepth\(\)`\)/);
    expect(() => compileEventPattern('['.repeat(100_000))).toThrow(/nesting depth/);
  });

  it('accepts the wildcard complexity AWS accepts', () => {
    expect(() => compileEventPattern('{"a": [{"wildcard": "*:*:*:*:event-bus/*"}]}')).not.toThrow();
    expect(() => compileEventPattern('{"a": [{"wildcard": "arn:aws:events:*:*:rule/*"}]}')).not.toThrow();
  });
});

describe('the EventPattern length constraint', () => {
  it(`refuses more than ${EVENT_PATTERN_MAX_LENGTH} characters with a ValidationException`, () => {
    const pattern = (length: number) => `{"a": ["${'x'.repeat(length - 11)}"]}`;
    expect(() => requireEventPatternLength(pattern(EVENT_PATTERN_MAX_LENGTH))).not.toThrow();
    expect(() => requireEventPatternLength(pattern(EVENT_PATTERN_MAX_LENGTH + 1))).toThrow(
      expect.objectContaining({ code: 'ValidationException', message: expect.stringContaining('Member must have length less than or equal to 4096') }),
    );
  });
});

describe('testEventPattern', () => {
  const event = {
    id: 'e1',
    account: '111122223333',
    source: 'com.example',
    time: '2026-12-01T00:00:00Z',
    region: 'us-east-1',
    'detail-type': 'Thing Happened',
    resources: [],
    detail: { n: 5 },
  };

  it('answers whether the event matches', () => {
    expect(testEventPattern('{"source": ["com.example"], "detail": {"n": [5.0]}}', JSON.stringify(event))).toBe(true);
    expect(testEventPattern('{"source": ["com.other"]}', JSON.stringify(event))).toBe(false);
  });

  it('accepts an event without resources or detail', () => {
    const { resources: _resources, detail: _detail, ...bare } = event;
    expect(testEventPattern('{"source": ["com.example"]}', JSON.stringify(bare))).toBe(true);
  });

  it.each([
    ['not JSON', 'not json'],
    ['an array', '[]'],
    ['a string', '"event"'],
    ...(['id', 'account', 'source', 'time', 'region', 'detail-type'] as const).map((field) => {
      const { [field]: _removed, ...rest } = event;
      return [`without ${field}`, JSON.stringify(rest)];
    }),
  ])('refuses an event that is %s', (_name, text) => {
    expect(() => testEventPattern('{"source": ["com.example"]}', text)).toThrow(
      expect.objectContaining({ code: 'ValidationException', message: 'Parameter Event is not valid.' }),
    );
  });

  it('refuses an invalid pattern before looking at the event', () => {
    expect(() => testEventPattern('{"source": "x"}', 'not json')).toThrow(expect.objectContaining({ code: 'InvalidEventPatternException' }));
  });
});
