import type { Json } from '../../runtime/services/sfn/asl';
import { evaluateIntrinsic } from '../../runtime/services/sfn/asl/intrinsics';
import { evaluateExpression } from '../../runtime/services/sfn/asl/paths';

const input = { name: 'key-1', list: [1, 2, 2, 3], obj: { a: 1 }, other: { b: 2 }, text: 'a,b;c', json: '{"x":[1,2]}', b64: 'aGVsbG8=' };
const scope = { context: { Execution: { Name: 'run-1' } }, variables: new Map<string, Json>(), seed: 'state#1/0' };
const evaluate = (expression: string) => evaluateExpression(expression, input, scope, 'x.$');

describe('the 18 intrinsic functions', () => {
  test.each<[string, Json]>([
    ["States.Format('Hello, {}! You have {} keys', $.name, 3)", 'Hello, key-1! You have 3 keys'],
    ["States.Format('literal \\{\\} and {}', $$.Execution.Name)", 'literal {} and run-1'],
    ["States.Format('it\\'s {}', true)", "it's true"],
    ['States.StringToJson($.json)', { x: [1, 2] }],
    ['States.JsonToString($.obj)', '{"a":1}'],
    ["States.Array('a', 1, $.obj, null)", ['a', 1, { a: 1 }, null]],
    ['States.ArrayPartition($.list, 3)', [[1, 2, 2], [3]]],
    ['States.ArrayContains($.list, 3)', true],
    ['States.ArrayContains(States.Array($.obj), $.obj)', true],
    ['States.ArrayRange(1, 9, 2)', [1, 3, 5, 7, 9]],
    ['States.ArrayRange(5, 1, -2)', [5, 3, 1]],
    ['States.ArrayGetItem($.list, 3)', 3],
    ['States.ArrayLength($.list)', 4],
    ['States.ArrayUnique($.list)', [1, 2, 3]],
    ["States.Base64Encode('hello')", 'aGVsbG8='],
    ['States.Base64Decode($.b64)', 'hello'],
    ["States.Hash('abc', 'SHA-256')", 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    ["States.Hash('abc', 'MD5')", '900150983cd24fb0d6963f7d28e17f72'],
    ['States.JsonMerge($.obj, $.other, false)', { a: 1, b: 2 }],
    ['States.MathAdd(States.ArrayLength($.list), -1)', 3],
    ["States.StringSplit($.text, ',;')", ['a', 'b', 'c']],
    ["States.StringSplit('1,2,,3', ',')", ['1', '2', '3']],
  ])('%s', (expression, expected) => {
    expect(evaluate(expression)).toEqual(expected);
  });

  test('MathRandom is within [start, end) and the same for the same state visit (replay)', () => {
    const values = Array.from({ length: 3 }, () => evaluate('States.MathRandom(1, 1000)'));
    expect(new Set(values).size).toBe(1);
    expect(values[0]).toBeGreaterThanOrEqual(1);
    expect(values[0]).toBeLessThan(1000);
    expect(evaluateExpression('States.MathRandom(1, 1000000)', input, { ...scope, seed: 'state#2/0' }, 'x.$')).not.toBe(
      evaluateExpression('States.MathRandom(1, 1000000)', input, scope, 'x.$'),
    );
  });

  test('UUID is a v4 UUID, stable for the same seed', () => {
    const uuid = evaluate('States.UUID()') as string;
    expect(uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(evaluate('States.UUID()')).toBe(uuid);
  });
});

describe('States.IntrinsicFailure', () => {
  test.each([
    "States.Format('{} {}', 1)",
    "States.Format('{}', 1, 2)",
    "States.StringToJson('{not json')",
    'States.ArrayPartition($.list, 0)',
    'States.ArrayRange(1, 2000, 1)',
    'States.ArrayRange(1, 5, 0)',
    'States.ArrayGetItem($.list, 4)',
    'States.ArrayLength($.obj)',
    "States.Hash('abc', 'SHA-3')",
    'States.JsonMerge($.obj, $.other, true)',
    'States.MathAdd(1.5, 1)',
    'States.MathRandom(5, 5)',
    'States.UUID(1)',
    'States.Nope(1)',
    "States.Base64Decode('***')",
    "States.Format('unterminated)",
  ])('%s', (expression) => {
    expect(() => evaluate(expression)).toThrow(expect.objectContaining({ error: 'States.IntrinsicFailure' }));
  });

  test('nesting deeper than 10 is refused', () => {
    const deep = `${'States.ArrayLength(States.Array('.repeat(6)}1${'))'.repeat(6)}`;
    expect(() => evaluateIntrinsic(deep, () => null, 's')).toThrow(expect.objectContaining({ error: 'States.IntrinsicFailure' }));
  });

  test('a path argument that matches nothing is States.Runtime', () => {
    expect(() => evaluate('States.ArrayLength($.nope)')).toThrow(expect.objectContaining({ error: 'States.Runtime' }));
  });
});
