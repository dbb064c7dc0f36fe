/**
 * The 18 intrinsic functions of JSONPath states
 * (https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html), with AWS's argument rules; every
 * misuse is States.IntrinsicFailure. The call syntax (`States.Format('x {}', $.a)`, nested calls, escaped quotes
 * and braces) is ASL's own, so no JSONPath or expression library parses it.
 */
import { createHash } from 'node:crypto';
import type { Json } from './host';
import { ERRORS, StateFailure } from './failure';
import { deepEqual, seededRandom, seededUuid } from './values';

type Arg = { kind: 'literal'; value: Json } | { kind: 'path'; path: string } | { kind: 'call'; name: string; args: Arg[] };

const MAX_NESTING = 10;
const MAX_STRING = 10_000;
const MAX_RANGE = 1_000;

const failure = (message: string) => new StateFailure(ERRORS.intrinsicFailure, message);

class Parser {
  private at = 0;
  constructor(private readonly text: string) {}

  parseCall(depth: number): Arg {
    if (depth > MAX_NESTING) throw failure(`Intrinsic functions may be nested at most ${MAX_NESTING} deep.`);
    const name = /^States\.[A-Za-z0-9]+/.exec(this.text.slice(this.at));
    if (!name) throw failure(`Invalid intrinsic function call: ${this.text}`);
    this.at += name[0].length;
    this.skipSpaces();
    this.expect('(');
    const args: Arg[] = [];
    this.skipSpaces();
    if (this.peek() === ')') this.at++;
    else {
      for (;;) {
        this.skipSpaces();
        args.push(this.parseArg(depth));
        this.skipSpaces();
        const next = this.text[this.at++];
        if (next === ')') break;
        if (next !== ',') throw failure(`Invalid intrinsic function call: ${this.text}`);
      }
    }
    return { kind: 'call', name: name[0], args };
  }

  parseAll(): Arg {
    const call = this.parseCall(1);
    this.skipSpaces();
    if (this.at !== this.text.length) throw failure(`Invalid intrinsic function call: ${this.text}`);
    return call;
  }

  private parseArg(depth: number): Arg {
    const c = this.peek();
    if (c === "'") return { kind: 'literal', value: this.parseString() };
    if (c === '$') return { kind: 'path', path: this.parsePath() };
    if (this.text.startsWith('States.', this.at)) return this.parseCall(depth + 1);
    const word = /^(-?\d+(\.\d+)?([eE][+-]?\d+)?|true|false|null)/.exec(this.text.slice(this.at));
    if (!word) throw failure(`Invalid intrinsic function argument in: ${this.text}`);
    this.at += word[0].length;
    return { kind: 'literal', value: JSON.parse(word[0]) as Json };
  }

  /** A quoted string; `\'`, `\{`, `\}` and `\\` keep their escape for States.Format's placeholders, bar the quote. */
  private parseString(): string {
    this.at++;
    let out = '';
    while (this.at < this.text.length) {
      const c = this.text[this.at++]!;
      if (c === '\\') {
        const next = this.text[this.at++];
        if (next === undefined) break;
        out += next === "'" ? "'" : `\\${next}`;
      } else if (c === "'") return out;
      else out += c;
    }
    throw failure(`Unterminated string in: ${this.text}`);
  }

  /** A path runs to the next `,` or `)` outside brackets and quotes. */
  private parsePath(): string {
    const start = this.at;
    let brackets = 0;
    let quote: string | undefined;
    while (this.at < this.text.length) {
      const c = this.text[this.at]!;
      if (quote) {
        if (c === quote) quote = undefined;
      } else if (c === "'" || c === '"') quote = c;
      else if (c === '[' || c === '(') brackets++;
      else if (c === ']' || (c === ')' && brackets > 0)) brackets--;
      else if ((c === ',' || c === ')') && brackets === 0) break;
      this.at++;
    }
    return this.text.slice(start, this.at).trim();
  }

  private peek = () => this.text[this.at];
  private skipSpaces() {
    while (this.text[this.at] === ' ') this.at++;
  }
  private expect(c: string) {
    if (this.text[this.at] !== c) throw failure(`Invalid intrinsic function call: ${this.text}`);
    this.at++;
  }
}

/** Removes the escapes a string literal kept for States.Format. */
const unescape = (s: string) => s.replace(/\\(.)/g, '$1');

type Impl = (args: Json[], random: () => number) => Json;

const typeName = (v: Json) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

function expectArgs(name: string, args: Json[], min: number, max = min) {
  if (args.length < min || args.length > max) {
    const count = min === max ? `${min}` : `${min} to ${max}`;
    throw failure(`The intrinsic function ${name} takes ${count} argument(s), but ${args.length} were provided.`);
  }
}
function expectType<T extends Json>(name: string, value: Json, type: 'string' | 'number' | 'integer' | 'array' | 'boolean' | 'object', position: number): T {
  const ok =
    type === 'integer' ? typeof value === 'number' && Number.isInteger(value)
    : type === 'array' ? Array.isArray(value)
    : type === 'object' ? value !== null && typeof value === 'object' && !Array.isArray(value)
    : typeof value === type;
  if (!ok) throw failure(`The ${ordinal(position)} argument of ${name} must be a${/^[aeiou]/.test(type) ? 'n' : ''} ${type}, not ${typeName(value)}.`);
  return value as T;
}
const ordinal = (n: number) => ['first', 'second', 'third', 'fourth'][n] ?? `#${n + 1}`;

function format(template: string, values: Json[]): string {
  let index = 0;
  let out = '';
  for (let i = 0; i < template.length; i++) {
    const c = template[i]!;
    if (c === '\\' && i + 1 < template.length) {
      out += template[++i];
    } else if (c === '{' && template[i + 1] === '}') {
      if (index >= values.length) throw failure('The number of arguments of States.Format does not match the number of placeholders {} in its template.');
      const value = values[index++]!;
      out += typeof value === 'string' ? value : JSON.stringify(value);
      i++;
    } else out += c;
  }
  if (index !== values.length) throw failure('The number of arguments of States.Format does not match the number of placeholders {} in its template.');
  return out;
}

const HASH_ALGORITHMS: Record<string, string> = { MD5: 'md5', 'SHA-1': 'sha1', 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512' };

const FUNCTIONS: Record<string, Impl> = {
  'States.Format': (args) => {
    if (args.length < 1) throw failure('The intrinsic function States.Format takes at least 1 argument.');
    return format(expectType<string>('States.Format', args[0]!, 'string', 0), args.slice(1));
  },
  'States.StringToJson': (args) => {
    expectArgs('States.StringToJson', args, 1);
    const text = expectType<string>('States.StringToJson', args[0]!, 'string', 0);
    try {
      return JSON.parse(text) as Json;
    } catch {
      throw failure(`The argument of States.StringToJson is not valid JSON: ${text}`);
    }
  },
  'States.JsonToString': (args) => {
    expectArgs('States.JsonToString', args, 1);
    return JSON.stringify(args[0]);
  },
  'States.Array': (args) => args,
  'States.ArrayPartition': (args) => {
    expectArgs('States.ArrayPartition', args, 2);
    const array = expectType<Json[]>('States.ArrayPartition', args[0]!, 'array', 0);
    const size = expectType<number>('States.ArrayPartition', args[1]!, 'integer', 1);
    if (size <= 0) throw failure('The chunk size of States.ArrayPartition must be a positive integer.');
    const chunks: Json[] = [];
    for (let i = 0; i < array.length; i += size) chunks.push(array.slice(i, i + size));
    return chunks;
  },
  'States.ArrayContains': (args) => {
    expectArgs('States.ArrayContains', args, 2);
    return expectType<Json[]>('States.ArrayContains', args[0]!, 'array', 0).some((item) => deepEqual(item, args[1]!));
  },
  'States.ArrayRange': (args) => {
    expectArgs('States.ArrayRange', args, 3);
    const [start, end, step] = args.map((a, i) => expectType<number>('States.ArrayRange', a, 'integer', i)) as [number, number, number];
    if (step === 0) throw failure('The step of States.ArrayRange must not be 0.');
    const out: number[] = [];
    for (let v = start; step > 0 ? v <= end : v >= end; v += step) {
      if (out.length === MAX_RANGE) throw failure(`States.ArrayRange may return at most ${MAX_RANGE} elements.`);
      out.push(v);
    }
    return out;
  },
  'States.ArrayGetItem': (args) => {
    expectArgs('States.ArrayGetItem', args, 2);
    const array = expectType<Json[]>('States.ArrayGetItem', args[0]!, 'array', 0);
    const index = expectType<number>('States.ArrayGetItem', args[1]!, 'integer', 1);
    if (index < 0 || index >= array.length) throw failure(`The index ${index} is out of the bounds of the array of States.ArrayGetItem.`);
    return array[index]!;
  },
  'States.ArrayLength': (args) => {
    expectArgs('States.ArrayLength', args, 1);
    return expectType<Json[]>('States.ArrayLength', args[0]!, 'array', 0).length;
  },
  'States.ArrayUnique': (args) => {
    expectArgs('States.ArrayUnique', args, 1);
    const out: Json[] = [];
    for (const item of expectType<Json[]>('States.ArrayUnique', args[0]!, 'array', 0)) if (!out.some((o) => deepEqual(o, item))) out.push(item);
    return out;
  },
  'States.Base64Encode': (args) => {
    expectArgs('States.Base64Encode', args, 1);
    const text = expectType<string>('States.Base64Encode', args[0]!, 'string', 0);
    if (text.length > MAX_STRING) throw failure(`The input of States.Base64Encode may be at most ${MAX_STRING} characters.`);
    return Buffer.from(text, 'utf8').toString('base64');
  },
  'States.Base64Decode': (args) => {
    expectArgs('States.Base64Decode', args, 1);
    const text = expectType<string>('States.Base64Decode', args[0]!, 'string', 0);
    if (text.length > MAX_STRING) throw failure(`The input of States.Base64Decode may be at most ${MAX_STRING} characters.`);
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text)) throw failure('The input of States.Base64Decode is not valid base64.');
    return Buffer.from(text, 'base64').toString('utf8');
  },
  'States.Hash': (args) => {
    expectArgs('States.Hash', args, 2);
    const data = typeof args[0] === 'string' ? args[0] : JSON.stringify(args[0]);
    const algorithm = expectType<string>('States.Hash', args[1]!, 'string', 1);
    if (data.length > MAX_STRING) throw failure(`The input of States.Hash may be at most ${MAX_STRING} characters.`);
    const node = HASH_ALGORITHMS[algorithm];
    if (!node) throw failure(`The hash algorithm ${algorithm} is not supported; use one of ${Object.keys(HASH_ALGORITHMS).join(', ')}.`);
    return createHash(node).update(data, 'utf8').digest('hex');
  },
  'States.JsonMerge': (args) => {
    expectArgs('States.JsonMerge', args, 3);
    const left = expectType<{ [k: string]: Json }>('States.JsonMerge', args[0]!, 'object', 0);
    const right = expectType<{ [k: string]: Json }>('States.JsonMerge', args[1]!, 'object', 1);
    if (args[2] !== false) throw failure('States.JsonMerge supports only a shallow merge: its third argument must be false.');
    return { ...left, ...right };
  },
  'States.MathRandom': (args, random) => {
    expectArgs('States.MathRandom', args, 2, 3);
    const start = expectType<number>('States.MathRandom', args[0]!, 'integer', 0);
    const end = expectType<number>('States.MathRandom', args[1]!, 'integer', 1);
    if (args[2] !== undefined) expectType('States.MathRandom', args[2], 'integer', 2);
    if (end <= start) throw failure('The end of States.MathRandom must be greater than its start.');
    return start + Math.floor(random() * (end - start));
  },
  'States.MathAdd': (args) => {
    expectArgs('States.MathAdd', args, 2);
    return expectType<number>('States.MathAdd', args[0]!, 'integer', 0) + expectType<number>('States.MathAdd', args[1]!, 'integer', 1);
  },
  'States.StringSplit': (args) => {
    expectArgs('States.StringSplit', args, 2);
    const text = expectType<string>('States.StringSplit', args[0]!, 'string', 0);
    const delimiters = expectType<string>('States.StringSplit', args[1]!, 'string', 1);
    if (delimiters === '') return [text];
    const pattern = new RegExp(`[${delimiters.replace(/[\\\]^-]/g, '\\$&')}]`);
    return text.split(pattern).filter((part) => part !== '');
  },
  'States.UUID': (args, random) => {
    expectArgs('States.UUID', args, 0);
    return seededUuid(random);
  },
};

/**
 * Evaluates an intrinsic function call. `resolvePath` reads a path argument (from the input, the context or a
 * variable); `seed` makes MathRandom and UUID return the same values when the execution is replayed.
 */
export function evaluateIntrinsic(expression: string, resolvePath: (path: string) => Json, seed: string): Json {
  const call = new Parser(expression.trim()).parseAll();
  const random = seededRandom(seed);
  const run = (arg: Arg): Json => {
    if (arg.kind === 'literal') return arg.value;
    if (arg.kind === 'path') return resolvePath(arg.path);
    const impl = FUNCTIONS[arg.name];
    if (!impl) throw failure(`The intrinsic function ${arg.name} is not supported.`);
    // Only States.Format's template keeps its escapes (they protect its braces); other strings lose them.
    const values = arg.args.map((a, i) =>
      a.kind === 'literal' && typeof a.value === 'string' && !(arg.name === 'States.Format' && i === 0) ? unescape(a.value) : run(a),
    );
    return impl(values, random);
  };
  return run(call);
}
