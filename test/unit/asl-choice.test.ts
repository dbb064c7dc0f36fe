import { matches, stringMatches, type ChoiceRule } from '../../runtime/services/sfn/asl/choice';
import type { Json } from '../../runtime/services/sfn/asl';

const scope = { context: { Execution: { Name: 'run-1' } }, variables: new Map<string, Json>([['limit', 10]]), seed: 's' };
const input = { s: 'beta', n: 5, b: true, t: '2026-01-01T00:00:00Z', nil: null, other: { s: 'beta', n: 5, t: '2026-06-01T00:00:00+02:00' } };
const rule = (r: object) => r as ChoiceRule;

describe('comparison operators', () => {
  test.each([
    ['StringEquals', '$.s', 'beta', true], ['StringEquals', '$.s', 'alpha', false], ['StringEquals', '$.n', '5', false],
    ['StringLessThan', '$.s', 'gamma', true], ['StringGreaterThan', '$.s', 'alpha', true], ['StringLessThanEquals', '$.s', 'beta', true],
    ['StringGreaterThanEquals', '$.s', 'c', false],
    ['NumericEquals', '$.n', 5, true], ['NumericEquals', '$.s', 5, false], ['NumericLessThan', '$.n', 6, true], ['NumericGreaterThan', '$.n', 5, false],
    ['NumericLessThanEquals', '$.n', 5, true], ['NumericGreaterThanEquals', '$.n', 4.5, true],
    ['BooleanEquals', '$.b', true, true], ['BooleanEquals', '$.b', false, false], ['BooleanEquals', '$.s', true, false],
    ['TimestampEquals', '$.t', '2026-01-01T01:00:00+01:00', true], ['TimestampLessThan', '$.t', '2026-01-02T00:00:00Z', true],
    ['TimestampGreaterThan', '$.t', '2025-12-31T23:59:59Z', true], ['TimestampLessThanEquals', '$.t', '2026-01-01T00:00:00Z', true],
    ['TimestampGreaterThanEquals', '$.t', '2026-01-01T00:00:01Z', false], ['TimestampEquals', '$.s', '2026-01-01T00:00:00Z', false],
  ])('%s %s %p → %p', (operator, Variable, value, expected) => {
    expect(matches(rule({ Variable, [operator]: value }), input, scope)).toBe(expected);
  });

  test.each([
    ['StringEqualsPath', '$.s', '$.other.s', true], ['NumericEqualsPath', '$.n', '$.other.n', true], ['NumericLessThanPath', '$.n', '$limit', true],
    ['TimestampLessThanPath', '$.t', '$.other.t', true], ['StringEqualsPath', '$$.Execution.Name', '$$.Execution.Name', true],
    ['BooleanEqualsPath', '$.b', '$.b', true], ['NumericGreaterThanEqualsPath', '$.n', '$.other.n', true],
  ])('%s %s %s → %p', (operator, Variable, path, expected) => {
    expect(matches(rule({ Variable, [operator]: path }), input, scope)).toBe(expected);
  });

  test('a …Path operand that matches nothing is States.Runtime', () => {
    expect(() => matches(rule({ Variable: '$.n', NumericEqualsPath: '$.nope' }), input, scope)).toThrow(expect.objectContaining({ error: 'States.Runtime' }));
  });
});

describe('type tests', () => {
  test.each([
    ['IsNull', '$.nil', true, true], ['IsNull', '$.s', true, false], ['IsNumeric', '$.n', true, true], ['IsNumeric', '$.s', false, true],
    ['IsString', '$.s', true, true], ['IsBoolean', '$.b', true, true], ['IsTimestamp', '$.t', true, true], ['IsTimestamp', '$.s', true, false],
    ['IsPresent', '$.nope', false, true], ['IsPresent', '$.nil', true, true],
  ])('%s on %s = %p → %p', (operator, Variable, value, expected) => {
    expect(matches(rule({ Variable, [operator]: value }), input, scope)).toBe(expected);
  });

  test('a missing Variable is States.Runtime for every test but IsPresent', () => {
    expect(() => matches(rule({ Variable: '$.nope', IsNull: true }), input, scope)).toThrow(expect.objectContaining({ error: 'States.Runtime' }));
    expect(() => matches(rule({ Variable: '$.nope', StringEquals: 'x' }), input, scope)).toThrow(expect.objectContaining({ error: 'States.Runtime' }));
  });
});

describe('And, Or, Not', () => {
  const yes = { Variable: '$.n', NumericEquals: 5 };
  const no = { Variable: '$.n', NumericEquals: 6 };
  test.each([
    [{ And: [yes, yes] }, true], [{ And: [yes, no] }, false], [{ Or: [no, yes] }, true], [{ Or: [no, no] }, false],
    [{ Not: no }, true], [{ Not: { And: [yes, { Not: no }] } }, false],
  ])('%j → %p', (r, expected) => {
    expect(matches(rule(r), input, scope)).toBe(expected);
  });
});

describe('StringMatches', () => {
  test.each([
    ['log-*.txt', 'log-2026.txt', true], ['log-*.txt', 'log-.txt', true], ['log-*.txt', 'log.txt', false], ['*', '', true],
    ['a\\*b', 'a*b', true], ['a\\*b', 'axb', false], ['a\\\\b', 'a\\b', true], ['(x)+', '(x)+', true], ['*.*', 'a.b', true],
  ])('%s matches %p: %p', (pattern, value, expected) => {
    expect(stringMatches(value, pattern)).toBe(expected);
  });
});
