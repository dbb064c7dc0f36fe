import { syntaxError } from './errors';

export type TokenKind =
  /** A bare word: a keyword or an identifier; the parser decides which. */
  | 'word'
  /** A double-quoted identifier ("Name"), never a keyword. */
  | 'quoted'
  /** A single-quoted string literal, quotes removed and '' unescaped. */
  | 'string'
  | 'number'
  /** The Ion text between backticks. */
  | 'ion'
  | 'punct'
  | 'eof';

export interface Token {
  kind: TokenKind;
  text: string;
  line: number;
  column: number;
}

/** Longest first, so `<<` wins over `<` and `<=` over `<`. */
const PUNCTUATION = ['<<', '>>', '<=', '>=', '<>', '!=', '||', '=', '<', '>', '(', ')', '[', ']', '{', '}', ',', '.', ':', '*', '?', '+', '-', '/', '%', '@', ';'];

const isWordStart = (c: string) => /[A-Za-z_$]/.test(c);
const isWordPart = (c: string) => /[A-Za-z0-9_$]/.test(c);
const isDigit = (c: string) => c >= '0' && c <= '9';
/** Sticky, so it matches at `lastIndex` without copying the rest of the text for every number. */
const NUMBER = /\d+(\.\d*)?([eE][+-]?\d+)?/y;

/** The punctuation that starts at `i`, longest first. */
function punctuationAt(text: string, i: number): string | undefined {
  for (const p of PUNCTUATION) if (text.startsWith(p, i)) return p;
  return undefined;
}

/** Splits statement text into tokens; every problem is a positioned BadRequestException. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;

  const fail = (at: number, detail: string): never => {
    throw syntaxError(line, at - lineStart + 1, detail);
  };
  /** Advances to `end`, keeping line/column right across newlines inside literals and comments. */
  const advanceTo = (end: number) => {
    for (; i < end; i++) {
      if (text[i] === '\n') {
        line++;
        lineStart = i + 1;
      }
    }
  };

  while (i < text.length) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n') {
      advanceTo(i + 1);
      continue;
    }
    if (text.startsWith('--', i)) {
      const end = text.indexOf('\n', i);
      advanceTo(end < 0 ? text.length : end);
      continue;
    }
    if (text.startsWith('/*', i)) {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) fail(i, 'unterminated comment');
      advanceTo(end + 2);
      continue;
    }
    const start = i;
    const token = { line, column: i - lineStart + 1 };
    // No function is made per token: that was a sixth of a long statement's parse.
    let kind: TokenKind;
    let value: string;
    let end: number;

    if (isWordStart(c)) {
      end = i + 1;
      while (end < text.length && isWordPart(text[end])) end++;
      kind = 'word';
      value = text.slice(i, end);
    } else if (isDigit(c)) {
      NUMBER.lastIndex = i;
      const literal = NUMBER.exec(text)![0];
      end = i + literal.length;
      if (end < text.length && isWordStart(text[end])) fail(end, `unexpected character '${text[end]}'`);
      kind = 'number';
      value = literal;
    } else if (c === "'" || c === '"') {
      value = '';
      end = i + 1;
      for (;;) {
        if (end >= text.length) fail(start, c === "'" ? 'unterminated string literal' : 'unterminated quoted identifier');
        if (text[end] === c) {
          if (text[end + 1] === c) {
            value += c;
            end += 2;
            continue;
          }
          break;
        }
        value += text[end++];
      }
      kind = c === "'" ? 'string' : 'quoted';
      end++;
    } else if (c === '`') {
      const close = endOfIonLiteral(text, i + 1);
      if (close < 0) fail(start, 'unterminated Ion literal');
      kind = 'ion';
      value = text.slice(i + 1, close);
      end = close + 1;
    } else {
      const punct = punctuationAt(text, i) ?? fail(i, `unexpected character '${c}'`);
      kind = 'punct';
      value = punct;
      end = i + punct.length;
    }
    tokens.push({ kind, text: value, ...token });
    advanceTo(end);
  }
  tokens.push({ kind: 'eof', text: '<EOF>', line, column: i - lineStart + 1 });
  return tokens;
}

/** The index of the closing backtick, skipping backticks inside Ion strings, symbols and comments. */
function endOfIonLiteral(text: string, from: number): number {
  let i = from;
  while (i < text.length) {
    const c = text[i];
    if (c === '`') return i;
    if (c === '"' || c === "'") {
      const long = c === "'" && text.startsWith("'''", i);
      const close = long ? "'''" : c;
      i += close.length;
      while (i < text.length && !text.startsWith(close, i)) i += text[i] === '\\' ? 2 : 1;
      i += close.length;
    } else if (text.startsWith('//', i)) {
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end;
    } else if (text.startsWith('/*', i)) {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 2;
    } else {
      i++;
    }
  }
  return -1;
}
