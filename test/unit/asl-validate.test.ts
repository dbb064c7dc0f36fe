import { compileDefinition, DefinitionError, invalidDefinitionMessage, validateDefinition } from '../../runtime/services/sfn/asl';

const text = (definition: object) => JSON.stringify(definition);
const pass = { Type: 'Pass', End: true };
const codes = (definition: object | string, type?: 'STANDARD' | 'EXPRESS') =>
  validateDefinition(typeof definition === 'string' ? definition : text(definition), { type }).map((d) => [d.code, d.message, d.location]);

// asl-validator builds its schemas on every call (about half a second): each case here is one definition.
describe('validateDefinition', () => {
  test('a valid definition has no diagnostics', () => {
    expect(validateDefinition(text({ StartAt: 'A', States: { A: pass } }))).toEqual([]);
  });

  test('text that is not JSON is INVALID_JSON_DESCRIPTION', () => {
    expect(codes('{"StartAt": ')[0]![0]).toBe('INVALID_JSON_DESCRIPTION');
  });

  test('schema findings carry their location, without the oneOf noise', () => {
    expect(codes({ StartAt: 'A', States: { A: { Type: 'Pass', End: true, InputPath: 42 } } })).toEqual([['SCHEMA_VALIDATION_FAILED', expect.any(String), '/States/A/InputPath']]);
  });

  test('a state nothing reaches is UNREACHABLE_STATE; a missing target MISSING_TRANSITION_TARGET', () => {
    expect(codes({ StartAt: 'A', States: { A: pass, B: pass } })).toEqual([['UNREACHABLE_STATE', "State 'B' is not reachable.", undefined]]);
    expect(codes({ StartAt: 'A', States: { A: { Type: 'Pass', Next: 'Nope' } } }).map((d) => d[0])).toContain('MISSING_TRANSITION_TARGET');
  });

  test('States.ALL must be alone and in the last retrier or catcher', () => {
    const task = (Retry: object[]) => ({ StartAt: 'T', States: { T: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Retry, End: true } } });
    expect(codes(task([{ ErrorEquals: ['States.ALL', 'X'] }]))).toEqual([['SCHEMA_VALIDATION_FAILED', 'States.ALL must appear alone in ErrorEquals', '/States/T/Retry/0/ErrorEquals']]);
    expect(codes(task([{ ErrorEquals: ['States.ALL'] }, { ErrorEquals: ['X'] }]))).toEqual([['SCHEMA_VALIDATION_FAILED', 'The retrier with States.ALL must be the last one', '/States/T/Retry/0/ErrorEquals']]);
  });

  test('a JSONata expression that reads a bare field at the top level is UNSUPPORTED_JSONATA_EXPRESSION', () => {
    expect(codes({ QueryLanguage: 'JSONata', StartAt: 'E', States: { E: { Type: 'Pass', End: true, Output: { v: '{% phone & $states.input.x[price > 1] %}' } } } })).toEqual([
      ['UNSUPPORTED_JSONATA_EXPRESSION', "Reference to 'phone' at the top level is not supported.", '/States/E/Output/v'],
    ]);
  });

  test('a JSONata expression that does not parse is INVALID_JSONATA_EXPRESSION', () => {
    expect(codes({ QueryLanguage: 'JSONata', StartAt: 'E', States: { E: { Type: 'Pass', End: true, Output: '{% 1 + %}' } } })).toEqual([['INVALID_JSONATA_EXPRESSION', expect.any(String), '/States/E/Output']]);
  });

  test('a JSONPath field in a JSONata state, and a JSONata field in a JSONPath state', () => {
    expect(codes({ QueryLanguage: 'JSONata', StartAt: 'E', States: { E: { Type: 'Pass', End: true, InputPath: '$.a' } } })).toEqual([
      ['SCHEMA_VALIDATION_FAILED', "The QueryLanguage is set to 'JSONata', but field 'InputPath' is only supported for the 'JSONPath' QueryLanguage", '/States/E'],
    ]);
    expect(codes({ StartAt: 'E', States: { E: { Type: 'Pass', End: true, Output: 'x' } } })).toEqual([
      ['SCHEMA_VALIDATION_FAILED', "The QueryLanguage is set to 'JSONPath', but field 'Output' is only supported for the 'JSONata' QueryLanguage", '/States/E'],
    ]);
  });

  test('EXPRESS machines may not wait for a task token', () => {
    const definition = { StartAt: 'T', States: { T: { Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken', End: true } } };
    expect(codes(definition)).toEqual([]);
    expect(codes(definition, 'EXPRESS')).toEqual([['SCHEMA_VALIDATION_FAILED', "Express state machine does not support '.waitForTaskToken' service integration", '/States/T/Resource']]);
  });
});

describe('compileDefinition', () => {
  test('an invalid definition throws a DefinitionError with the InvalidDefinition message', () => {
    const definition = text({ StartAt: 'A', States: { A: pass, B: pass } });
    expect(() => compileDefinition(definition)).toThrow(DefinitionError);
    expect(() => compileDefinition(definition)).toThrow("Invalid State Machine Definition: 'UNREACHABLE_STATE: State 'B' is not reachable.'");
  });

  test('several diagnostics are joined, each with its location', () => {
    expect(invalidDefinitionMessage([
      { severity: 'ERROR', code: 'SCHEMA_VALIDATION_FAILED', message: 'a', location: '/States/X' },
      { severity: 'WARNING', code: 'W', message: 'ignored' },
      { severity: 'ERROR', code: 'MISSING_TRANSITION_TARGET', message: 'b' },
    ])).toBe("Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: a at /States/X, MISSING_TRANSITION_TARGET: b'");
  });

  test('a valid definition compiles with its query language', () => {
    expect(compileDefinition(text({ QueryLanguage: 'JSONata', StartAt: 'A', States: { A: pass } })).queryLanguage).toBe('JSONata');
  });
});
