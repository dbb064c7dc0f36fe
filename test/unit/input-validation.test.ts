import { ServiceError } from '../../runtime/core/errors';
import { MAX_NESTING_DEPTH, validateInput, type ConstraintTable } from '../../runtime/core/validation';
import { checkWireShape, type WireShapeTable } from '../../runtime/backends/wire-shape';

function refusal(action: () => unknown): { code: string; message: string } {
  try {
    action();
  } catch (e) {
    if (e instanceof ServiceError) return { code: e.code, message: e.message };
    throw e;
  }
  throw new Error('expected a ServiceError');
}

const table: ConstraintTable = {
  Names: { type: 'list', member: { type: 'string' } },
  Context: { type: 'map', value: { type: 'string' } },
  Tags: { type: 'map', sparse: true, value: { type: 'string' } },
  At: { type: 'timestamp' },
  Doc: { type: 'map' },
};

describe('validateInput refuses what AWS refuses', () => {
  it('a null list member, folded into the list entry as AWS does', () => {
    expect(refusal(() => validateInput({ Names: ['a', null] }, table))).toEqual({
      code: 'ValidationException',
      message: "1 validation error detected: Value '[a, null]' at 'names' failed to satisfy constraint: Member must satisfy constraint: [Member must not be null]",
    });
  });

  it('a null map value, unless the map is sparse', () => {
    expect(refusal(() => validateInput({ Context: { a: null } }, table))).toEqual({
      code: 'ValidationException',
      message: "1 validation error detected: Value null at 'context.a' failed to satisfy constraint: Member must not be null",
    });
    expect(refusal(() => validateInput({ Doc: { a: null } }, table)).code).toBe('ValidationException');
    expect(validateInput<{ Tags: Record<string, string | undefined> }>({ Tags: { a: null } }, table).Tags).toEqual({ a: undefined });
  });

  it('input nested deeper than the limit, without recursing over it', () => {
    let deep: unknown = [];
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(refusal(() => validateInput({ Doc: { a: deep } }, table)).code).toBe('SerializationException');
    let allowed: unknown = 'x';
    for (let i = 0; i < MAX_NESTING_DEPTH - 3; i++) allowed = [allowed];
    expect(() => validateInput({ Doc: { a: allowed } }, table)).not.toThrow();
  });

  it('a timestamp no Date can hold', () => {
    expect(refusal(() => validateInput({ At: 1e300 }, table))).toEqual({ code: 'SerializationException', message: "Timestamp value at 'at' is out of range" });
    expect(validateInput<{ At: Date }>({ At: 1_700_000_000 }, table).At.toISOString()).toBe('2023-11-14T22:13:20.000Z');
  });
});

describe('checkWireShape (backend requests)', () => {
  const shapes: WireShapeTable = { Records: { list: { structure: { Data: 'blob' } } }, ConsistentRead: 'boolean', Limit: 'number', Key: { map: 'any' } };

  it('names every null list member and map value', () => {
    expect(refusal(() => checkWireShape({ Records: [null, { Data: 'AA==' }, null], Key: { id: null } }, shapes))).toEqual({
      code: 'ValidationException',
      message:
        "3 validation errors detected: Value null at 'records.1.member' failed to satisfy constraint: Member must not be null; " +
        "Value null at 'records.3.member' failed to satisfy constraint: Member must not be null; " +
        "Value null at 'key.id.member' failed to satisfy constraint: Member must not be null",
    });
  });

  it('refuses wrong JSON types with the JSON deserializer texts', () => {
    expect(refusal(() => checkWireShape({ ConsistentRead: 'yes' }, shapes))).toEqual({ code: 'SerializationException', message: 'class java.lang.String can not be converted to an Boolean' });
    expect(refusal(() => checkWireShape({ Limit: true }, shapes))).toEqual({ code: 'SerializationException', message: 'class java.lang.Boolean can not be converted to an Long' });
    expect(refusal(() => checkWireShape({ Records: {} }, shapes)).message).toBe('Start of structure or map found where not expected.');
    expect(refusal(() => checkWireShape({ Records: [{ Data: 1 }] }, shapes)).code).toBe('SerializationException');
    expect(() => checkWireShape({ Records: [{ Data: 'AA==' }], ConsistentRead: true, Limit: 5, Key: { id: { S: 'a' } }, Other: 1 }, shapes)).not.toThrow();
  });
});
