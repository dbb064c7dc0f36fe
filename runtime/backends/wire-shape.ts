import { ServiceError } from '../core/errors';

/**
 * The JSON type of a member as the service model declares it: enough to refuse what the AWS JSON
 * deserializer refuses before a backend sees it (kinesalite dereferences null list members and crashes;
 * DynamoDB Local answers wrong types with a 500). Constraints beyond the type stay the backend's.
 */
export type WireShape =
  | 'string'
  | 'boolean'
  | 'number'
  | 'blob'
  | 'timestamp'
  | { list: WireShape }
  | { map: WireShape }
  | { structure: WireShapeTable }
  /** A member whose content the backend checks itself (DynamoDB's AttributeValue): only null items are refused. */
  | 'any';

export type WireShapeTable = Readonly<Record<string, WireShape>>;

const serialization = (message: string) => new ServiceError('SerializationException', message, 400);

/** The AWS JSON deserializer's texts for a value of the wrong JSON type (as kinesalite reproduces them). */
function wrongType(value: unknown, expected: string): ServiceError {
  if (Array.isArray(value)) return serialization('Start of list found where not expected');
  if (typeof value === 'object') return serialization('Start of structure or map found where not expected.');
  const javaClass = typeof value === 'string' ? 'java.lang.String' : typeof value === 'boolean' ? 'java.lang.Boolean' : 'com.amazon.coral.value.json.numbers.TruncatingBigNumber';
  return serialization(`class ${javaClass} can not be converted to an ${expected}`);
}

const JAVA_TYPE: Record<'string' | 'boolean' | 'number' | 'blob' | 'timestamp', string> = {
  string: 'String',
  boolean: 'Boolean',
  number: 'Long',
  blob: 'Blob',
  timestamp: 'milliseconds since epoch',
};

const JSON_TYPE: Record<'string' | 'boolean' | 'number' | 'blob' | 'timestamp', string> = {
  string: 'string',
  boolean: 'boolean',
  number: 'number',
  blob: 'string',
  timestamp: 'number',
};

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function check(value: unknown, shape: WireShape, path: string, nulls: string[]): void {
  if (value === null || value === undefined) return;
  if (shape === 'any') return;
  if (typeof shape === 'string') {
    if (typeof value !== JSON_TYPE[shape]) throw wrongType(value, JAVA_TYPE[shape]);
    return;
  }
  if ('list' in shape) {
    if (!Array.isArray(value)) throw isObject(value) ? wrongType(value, 'List') : serialization('Expected list or null');
    value.forEach((item, i) => (item === null ? nulls.push(`${path}.${i + 1}.member`) : check(item, shape.list, `${path}.${i + 1}.member`, nulls)));
    return;
  }
  if (!isObject(value)) throw Array.isArray(value) ? wrongType(value, 'Map') : serialization('map' in shape ? 'Expected map or null' : 'Expected null');
  if ('map' in shape) {
    for (const [key, item] of Object.entries(value)) {
      if (item === null) nulls.push(`${path}.${key}.member`);
      else check(item, shape.map, `${path}.${key}.member`, nulls);
    }
    return;
  }
  checkTable(value, shape.structure, `${path}.`, nulls);
}

function checkTable(input: Record<string, unknown>, table: WireShapeTable, prefix: string, nulls: string[]): void {
  for (const [member, shape] of Object.entries(table)) check(input[member], shape, `${prefix}${member.charAt(0).toLowerCase()}${member.slice(1)}`, nulls);
}

/**
 * Throws a SerializationException for the first member of the wrong JSON type, else one
 * ValidationException naming every null list member or map value (`Value null at 'records.1.member'
 * failed to satisfy constraint: Member must not be null`), as AWS reports them.
 */
export function checkWireShape(input: Record<string, unknown>, table: WireShapeTable): void {
  const nulls: string[] = [];
  checkTable(input, table, '', nulls);
  if (!nulls.length) return;
  const violations = nulls.map((path) => `Value null at '${path}' failed to satisfy constraint: Member must not be null`);
  const n = violations.length;
  throw new ServiceError('ValidationException', `${n} validation error${n > 1 ? 's' : ''} detected: ${violations.join('; ')}`, 400);
}
