import type { Json } from '../../runtime/services/sfn/asl';
import { applyResultPath, applyTemplate, queryPath, selectPath } from '../../runtime/services/sfn/asl/paths';

const scope = { context: { Execution: { Id: 'arn:exec', Input: { k: 1 } }, State: { Name: 'S' } }, variables: new Map<string, Json>([['count', 3], ['cfg', { region: 'eu' }]]), seed: 's' };
const input: Json = { a: { b: [10, 20, { c: 'x' }] }, items: [{ v: 1 }, { v: 2 }, { v: 3 }], 'odd key': true, n: null };

describe('paths', () => {
  test.each<[string, Json | undefined]>([
    ['$', input], ['$.a.b[1]', 20], ["$['a']['b'][2].c", 'x'], ["$['odd key']", true], ['$.n', null], ['$.a.b[5]', undefined], ['$.nope', undefined],
    ['$.items[*].v', [1, 2, 3]], ['$.items[?(@.v > 1)].v', [2, 3]], ['$..c', ['x']], ['$.items[0:2]', [{ v: 1 }, { v: 2 }]],
    ['$$.Execution.Id', 'arn:exec'], ['$$.State.Name', 'S'], ['$count', 3], ['$cfg.region', 'eu'],
  ])('%s', (path, expected) => {
    expect(queryPath(path, input, scope)).toEqual(expected);
  });

  test('an undefined variable is States.Runtime', () => {
    expect(() => queryPath('$nope', input, scope)).toThrow(expect.objectContaining({ error: 'States.Runtime' }));
  });

  test('InputPath / OutputPath: null is {}, a path that matches nothing is States.Runtime', () => {
    expect(selectPath(null, input, scope)).toEqual({});
    expect(selectPath(undefined, input, scope)).toBe(input);
    expect(() => selectPath('$.a.zz', input, scope)).toThrow(expect.objectContaining({ error: 'States.Runtime', cause: "Invalid path '$.a.zz' : No results for path: $['a']['zz']" }));
  });
});

describe('payload templates', () => {
  test('.$ fields take paths, context paths, variables and intrinsics; the rest is copied, nested included', () => {
    const template = {
      static: 'v', 'first.$': '$.a.b[0]', 'ctx.$': '$$.Execution.Input', 'var.$': '$count', 'fmt.$': "States.Format('{}-{}', $.a.b[0], $count)",
      nested: { 'list.$': '$.items[*].v', keep: [1, { 'deep.$': '$.a.b[2].c' }] },
    };
    expect(applyTemplate(template, input, scope)).toEqual({ static: 'v', first: 10, ctx: { k: 1 }, var: 3, fmt: '10-3', nested: { list: [1, 2, 3], keep: [1, { deep: 'x' }] } });
  });

  test('a path that matches nothing is States.Runtime naming the field', () => {
    expect(() => applyTemplate({ 'x.$': '$.missing' }, input, scope)).toThrow(
      expect.objectContaining({ error: 'States.Runtime', cause: expect.stringContaining("The JSONPath '$.missing' specified for the field 'x.$' could not be found in the input") }),
    );
  });
});

describe('ResultPath', () => {
  test.each<[string | null | undefined, Json]>([
    [undefined, 'R'], ['$', 'R'], [null, { a: 1, list: [0, 1] }], ['$.r', { a: 1, list: [0, 1], r: 'R' }], ['$.deep.er', { a: 1, list: [0, 1], deep: { er: 'R' } }],
    ['$.a', { a: 'R', list: [0, 1] }], ['$.list[1]', { a: 1, list: [0, 'R'] }],
  ])('%p', (resultPath, expected) => {
    const raw = { a: 1, list: [0, 1] };
    expect(applyResultPath(raw, 'R', resultPath)).toEqual(expected);
    expect(raw).toEqual({ a: 1, list: [0, 1] });
  });

  test.each<[Json, string]>([['text', '$.r'], [{ a: 1 }, '$.a.b'], [{ list: [1] }, '$.list[3]']])('%p at %s is States.ResultPathMatchFailure', (raw, path) => {
    expect(() => applyResultPath(raw, 'R', path)).toThrow(expect.objectContaining({ error: 'States.ResultPathMatchFailure' }));
  });
});
