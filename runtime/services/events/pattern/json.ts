/**
 * A JSON parser for event patterns and events that keeps what `JSON.parse` throws away:
 * - the text of every number, because EventBridge compares numbers exactly: `[9007199254740993]` does not match
 *   9007199254740992, which are the same double (docs/eventbridge-patterns.md#numbers);
 * - where each value ends, because AWS's InvalidEventPatternException names the line and column of the offending
 *   value (docs/eventbridge-patterns.md#validation-errors).
 * Duplicate object keys keep the last value, as AWS does.
 */

export type JsonValue = JsonString | JsonNumber | JsonBoolean | JsonNull | JsonArray | JsonObject;
export type JsonScalar = JsonString | JsonNumber | JsonBoolean | JsonNull;

/** `end` is the offset just past the value in the parsed text. */
interface Located {
  readonly end: number;
}
export interface JsonString extends Located {
  readonly type: 'string';
  readonly value: string;
}
export interface JsonNumber extends Located {
  readonly type: 'number';
  /** The number exactly as written. */
  readonly raw: string;
  readonly value: number;
}
interface JsonBoolean extends Located {
  readonly type: 'boolean';
  readonly value: boolean;
}
interface JsonNull extends Located {
  readonly type: 'null';
}
export interface JsonArray extends Located {
  readonly type: 'array';
  readonly items: readonly JsonValue[];
}
export interface JsonObject extends Located {
  readonly type: 'object';
  readonly members: ReadonlyMap<string, JsonValue>;
}

/** Malformed JSON; `offset` is where parsing stopped. */
export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/**
 * How deeply arrays and objects may nest: Jackson's default limit (StreamReadConstraints), which AWS's parser
 * applies, and a bound on this parser's recursion so a hostile document cannot overflow the stack.
 */
export const MAX_JSON_NESTING_DEPTH = 1000;

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const WHITESPACE = /[ \t\n\r]*/y;
const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

export function parseJson(text: string): JsonValue {
  const parser = new Parser(text);
  const value = parser.value();
  parser.skipWhitespace();
  if (parser.offset < text.length) throw parser.unexpected('expected end of input');
  return value;
}

class Parser {
  offset = 0;
  private depth = 0;

  constructor(private readonly text: string) {}

  value(): JsonValue {
    this.skipWhitespace();
    const char = this.text[this.offset];
    if (char === '{') return this.object();
    if (char === '[') return this.array();
    if (char === '"') return { type: 'string', value: this.string(), end: this.offset };
    if (char === '-' || (char !== undefined && char >= '0' && char <= '9')) return this.number();
    for (const [word, value] of [['true', true], ['false', false], ['null', null]] as const) {
      if (this.text.startsWith(word, this.offset)) {
        this.offset += word.length;
        return value === null ? { type: 'null', end: this.offset } : { type: 'boolean', value, end: this.offset };
      }
    }
    throw this.unexpected('expected a valid value (JSON String, Number, Array, Object or token \'null\', \'true\' or \'false\')');
  }

  skipWhitespace(): void {
    WHITESPACE.lastIndex = this.offset;
    WHITESPACE.exec(this.text);
    this.offset = WHITESPACE.lastIndex;
  }

  unexpected(expectation: string): JsonSyntaxError {
    const char = this.text[this.offset];
    if (char === undefined) return new JsonSyntaxError(`Unexpected end-of-input: ${expectation}`, this.offset);
    return new JsonSyntaxError(`Unexpected character ('${char}' (code ${char.codePointAt(0)})): ${expectation}`, this.offset);
  }

  /** Entered at every `{` and `[`; `leave` when the value ends. */
  private enter(): void {
    if (++this.depth > MAX_JSON_NESTING_DEPTH) {
      throw new JsonSyntaxError(`Document nesting depth (${this.depth}) exceeds the maximum allowed (${MAX_JSON_NESTING_DEPTH}, from \`StreamReadConstraints.getMaxNestingDepth()\`)`, this.offset);
    }
  }

  private object(): JsonObject {
    this.enter();
    const object = this.objectBody();
    this.depth--;
    return object;
  }

  private array(): JsonArray {
    this.enter();
    const array = this.arrayBody();
    this.depth--;
    return array;
  }

  private objectBody(): JsonObject {
    this.offset++;
    const members = new Map<string, JsonValue>();
    this.skipWhitespace();
    if (this.text[this.offset] === '}') return { type: 'object', members, end: ++this.offset };
    for (;;) {
      this.skipWhitespace();
      if (this.text[this.offset] !== '"') throw this.unexpected('was expecting double-quote to start field name');
      const key = this.string();
      this.skipWhitespace();
      if (this.text[this.offset] !== ':') throw this.unexpected("was expecting a colon to separate field name and value");
      this.offset++;
      members.delete(key);
      members.set(key, this.value());
      this.skipWhitespace();
      const separator = this.text[this.offset];
      if (separator === '}') return { type: 'object', members, end: ++this.offset };
      if (separator !== ',') throw this.unexpected('was expecting comma to separate Object entries');
      this.offset++;
    }
  }

  private arrayBody(): JsonArray {
    this.offset++;
    const items: JsonValue[] = [];
    this.skipWhitespace();
    if (this.text[this.offset] === ']') return { type: 'array', items, end: ++this.offset };
    for (;;) {
      items.push(this.value());
      this.skipWhitespace();
      const separator = this.text[this.offset];
      if (separator === ']') return { type: 'array', items, end: ++this.offset };
      if (separator !== ',') throw this.unexpected('was expecting comma to separate Array entries');
      this.offset++;
    }
  }

  private number(): JsonNumber {
    NUMBER.lastIndex = this.offset;
    const match = NUMBER.exec(this.text);
    if (!match) throw this.unexpected('expected digit after minus sign');
    this.offset = NUMBER.lastIndex;
    return { type: 'number', raw: match[0], value: Number(match[0]), end: this.offset };
  }

  private string(): string {
    let result = '';
    let chunkStart = ++this.offset;
    for (;;) {
      const char = this.text[this.offset];
      if (char === undefined) throw this.unexpected('was expecting closing quote for a string value');
      if (char === '"') break;
      if (char < ' ') {
        throw new JsonSyntaxError(
          `Illegal unquoted character ((CTRL-CHAR, code ${char.charCodeAt(0)})): has to be escaped using backslash to be included in string value`,
          this.offset,
        );
      }
      if (char !== '\\') {
        this.offset++;
        continue;
      }
      result += this.text.slice(chunkStart, this.offset);
      const escape = this.text[this.offset + 1];
      if (escape === 'u' && /^[0-9a-fA-F]{4}$/.test(this.text.slice(this.offset + 2, this.offset + 6))) {
        result += String.fromCharCode(parseInt(this.text.slice(this.offset + 2, this.offset + 6), 16));
        this.offset += 6;
      } else if (escape !== undefined && Object.hasOwn(ESCAPES, escape)) {
        result += ESCAPES[escape];
        this.offset += 2;
      } else {
        const code = escape === undefined ? '' : ` '${escape}' (code ${escape.codePointAt(0)})`;
        throw new JsonSyntaxError(`Unrecognized character escape${code}`, this.offset + 1);
      }
      chunkStart = this.offset;
    }
    result += this.text.slice(chunkStart, this.offset);
    this.offset++;
    return result;
  }
}
