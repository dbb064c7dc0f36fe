import { ServiceError } from './errors';

/**
 * Declarative input constraints, one table per operation, in the style of kinesalite/dynalite.
 * Violations produce AWS's exact ValidationException text:
 *   `1 validation error detected: Value 'x' at 'keySpec' failed to satisfy constraint: Member must …`
 * Wrong JSON types are SerializationExceptions, as the AWS JSON deserializer reports them.
 */
export type Constraint =
  | { type: 'string'; required?: boolean; min?: number; max?: number; pattern?: RegExp; enum?: readonly string[]; sensitive?: boolean }
  | { type: 'blob'; required?: boolean; min?: number; max?: number }
  | { type: 'integer'; required?: boolean; min?: number; max?: number }
  | { type: 'boolean'; required?: boolean }
  | { type: 'timestamp'; required?: boolean }
  | { type: 'list'; required?: boolean; min?: number; max?: number; member: Constraint }
  /** `sparse`: null values are kept as absent (the model's @sparse trait); other maps refuse them, as AWS does. */
  | { type: 'map'; required?: boolean; min?: number; max?: number; value?: Constraint; sparse?: boolean }
  | { type: 'structure'; required?: boolean; members: ConstraintTable };

export type ConstraintTable = Readonly<Record<string, Constraint>>;

/**
 * The members input type `I` requires. The SDK types the model's required members as keys that are
 * not optional (`KeyId: string | undefined`), so these are the model's required members.
 */
type RequiredMember<I> = { [K in keyof I]-?: {} extends Pick<I, K> ? never : K }[keyof I];

/**
 * The constraint table of an operation whose input type is `I`, checked against `I` both ways: every
 * member `I` requires is in the table with `required: true`, no other member says `required: true`, and
 * the table names no member `I` lacks. So the table cannot drift from the input type, and the validated
 * input may promise the required members (`Validated<I>`).
 */
export type InputTable<I> = { readonly [K in RequiredMember<I>]: Constraint & { required: true } } & {
  readonly [K in Exclude<keyof I, RequiredMember<I>>]?: Constraint & { required?: false };
};

/** `I` with members `K` required too: for a table that requires what the model leaves optional, on purpose. */
export type WithRequired<I, K extends keyof I> = Omit<I, K> & { [M in K]-?: I[M] };

/** `I` as `validateInput` returns it against an `InputTable<I>`: its required members are present. */
export type Validated<I> = { [K in keyof I]: K extends RequiredMember<I> ? NonNullable<I[K]> : I[K] };

/**
 * `I` whose structure members `S` names have tables of their own, each checked as `InputTable<S[K]>`:
 * `Validated` narrows only top-level members, so this lets the validated input promise theirs too.
 */
export type WithStructures<I, S extends { [K in keyof I]?: NonNullable<I[K]> }> = {
  [K in keyof I]: K extends keyof S ? Validated<S[K]> | Extract<I[K], undefined> : I[K];
};

/** AWS names members in messages with a lower-case first letter (`KeySpec` → `keySpec`). */
const wireName = (member: string): string => member.charAt(0).toLowerCase() + member.slice(1);

const render = (v: unknown): string => {
  if (Array.isArray(v)) return `[${v.map((x) => (typeof x === 'object' ? JSON.stringify(x) : String(x))).join(', ')}]`;
  if (typeof v === 'object' && v !== null) return JSON.stringify(v);
  return String(v);
};

class Collector {
  readonly violations: string[] = [];
  add(value: unknown, path: string, rule: string, showValue = true): void {
    const shown = !showValue ? '' : value === null || value === undefined ? 'null' : `'${render(value)}'`;
    this.violations.push(`Value ${shown ? `${shown} ` : ''}at '${path}' failed to satisfy constraint: ${rule}`);
  }
}

const serialization = (message: string) => new ServiceError('SerializationException', message, 400);

function checkValue(value: unknown, c: Constraint, path: string, out: Collector): unknown {
  if (value === undefined || value === null) {
    if (c.required) out.add(null, path, 'Member must not be null');
    return undefined;
  }
  switch (c.type) {
    case 'string': {
      if (typeof value !== 'string') throw serialization(`Unexpected value type at '${path}': expected a string`);
      const show = !c.sensitive;
      if (c.min !== undefined && value.length < c.min) out.add(value, path, `Member must have length greater than or equal to ${c.min}`, show);
      if (c.max !== undefined && value.length > c.max) out.add(value, path, `Member must have length less than or equal to ${c.max}`, show);
      if (c.pattern && !c.pattern.test(value)) out.add(value, path, `Member must satisfy regular expression pattern: ${c.pattern.source}`, show);
      if (c.enum && !c.enum.includes(value)) out.add(value, path, `Member must satisfy enum value set: [${c.enum.join(', ')}]`, show);
      return value;
    }
    case 'blob': {
      const bytes = toBytes(value, path);
      // AWS never echoes blob contents in a message: `Value at 'plaintext' failed to …`.
      if (c.min !== undefined && bytes.length < c.min) out.add(bytes, path, `Member must have length greater than or equal to ${c.min}`, false);
      if (c.max !== undefined && bytes.length > c.max) out.add(bytes, path, `Member must have length less than or equal to ${c.max}`, false);
      return bytes;
    }
    case 'integer': {
      if (typeof value !== 'number' || !Number.isInteger(value)) throw serialization(`Unexpected value type at '${path}': expected an integer`);
      if (c.min !== undefined && value < c.min) out.add(value, path, `Member must have value greater than or equal to ${c.min}`);
      if (c.max !== undefined && value > c.max) out.add(value, path, `Member must have value less than or equal to ${c.max}`);
      return value;
    }
    case 'boolean':
      if (typeof value !== 'boolean') throw serialization(`Unexpected value type at '${path}': expected a boolean`);
      return value;
    case 'timestamp':
      if (value instanceof Date) return value;
      if (typeof value !== 'number') throw serialization(`Unexpected value type at '${path}': expected a timestamp`);
      // Beyond ±8.64e15 ms a Date is invalid, and every later use of it (toISOString) throws.
      if (Number.isNaN(new Date(value * 1000).getTime())) throw serialization(`Timestamp value at '${path}' is out of range`);
      return new Date(value * 1000);
    case 'list': {
      if (!Array.isArray(value)) throw serialization(`Unexpected value type at '${path}': expected a list`);
      if (c.min !== undefined && value.length < c.min) out.add(value, path, `Member must have length greater than or equal to ${c.min}`);
      if (c.max !== undefined && value.length > c.max) out.add(value, path, `Member must have length less than or equal to ${c.max}`);
      const inner = new Collector();
      // A list's members are never null in AWS's models: the deserializer keeps a JSON null and validation refuses it.
      const items = value.map((item, i) => checkValue(item, { ...c.member, required: true }, `${path}.${i + 1}.member`, inner));
      if (inner.violations.length) {
        // AWS folds member violations into one entry for the list.
        const rules = inner.violations.map((v) => v.replace(/^.*failed to satisfy constraint: /, ''));
        out.add(value, path, `Member must satisfy constraint: [${[...new Set(rules)].join(', ')}]`);
      }
      return items;
    }
    case 'map': {
      if (typeof value !== 'object' || Array.isArray(value)) throw serialization(`Unexpected value type at '${path}': expected a map`);
      const entries = Object.entries(value as Record<string, unknown>);
      if (c.min !== undefined && entries.length < c.min) out.add(value, path, `Member must have length greater than or equal to ${c.min}`);
      if (c.max !== undefined && entries.length > c.max) out.add(value, path, `Member must have length less than or equal to ${c.max}`);
      const result: Record<string, unknown> = {};
      for (const [k, v] of entries) {
        if (v === null && c.sparse) result[k] = undefined;
        else if (v === null) out.add(null, `${path}.${k}`, 'Member must not be null');
        else result[k] = c.value ? checkValue(v, c.value, `${path}.${k}`, out) : v;
      }
      return result;
    }
    case 'structure': {
      if (typeof value !== 'object' || Array.isArray(value)) throw serialization(`Unexpected value type at '${path}': expected a structure`);
      return checkMembers(value as Record<string, unknown>, c.members, `${path}.`, out);
    }
  }
}

function toBytes(value: unknown, path: string): Uint8Array {
  if (value instanceof Uint8Array) return value;
  if (typeof value === 'string') {
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(value) || value.length % 4 === 1) {
      throw serialization(`Base64 encoded value at '${path}' is not valid`);
    }
    return Buffer.from(value, 'base64');
  }
  throw serialization(`Unexpected value type at '${path}': expected a base64-encoded blob`);
}

function checkMembers(input: Record<string, unknown>, table: ConstraintTable, prefix: string, out: Collector): Record<string, unknown> {
  const result: Record<string, unknown> = { ...input };
  for (const [member, constraint] of Object.entries(table)) {
    const checked = checkValue(input[member], constraint, `${prefix}${wireName(member)}`, out);
    if (checked === undefined) delete result[member];
    else result[member] = checked;
  }
  return result;
}

/**
 * No AWS input nests deeper than a few levels; a hostile one thousands deep would overflow the stack of
 * every recursive step after this one (rendering a violation, comparing grants, saving state).
 */
export const MAX_NESTING_DEPTH = 100;

/** Walks `input` without recursion, refusing it when it nests deeper than MAX_NESTING_DEPTH. */
function checkNesting(input: object): void {
  const pending: [unknown, number][] = [[input, 1]];
  while (pending.length) {
    const [value, depth] = pending.pop()!;
    if (typeof value !== 'object' || value === null || value instanceof Uint8Array) continue;
    if (depth > MAX_NESTING_DEPTH) throw serialization(`Document nesting depth exceeds the maximum allowed (${MAX_NESTING_DEPTH})`);
    for (const child of Object.values(value)) pending.push([child, depth + 1]);
  }
}

/**
 * Checks `input` against `table`, decoding base64 blobs and epoch timestamps on the way.
 * Throws one ValidationException listing every violation, as AWS does.
 */
export function validateInput<T>(input: unknown, table: ConstraintTable): T {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw serialization('Start of structure or map found where not expected.');
  }
  checkNesting(input);
  const out = new Collector();
  const result = checkMembers(input as Record<string, unknown>, table, '', out);
  if (out.violations.length) {
    const n = out.violations.length;
    throw new ServiceError('ValidationException', `${n} validation error${n > 1 ? 's' : ''} detected: ${out.violations.join('; ')}`, 400);
  }
  return result as T;
}
