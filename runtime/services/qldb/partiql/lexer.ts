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
    const column = i - lineStart + 1;
    const startLine = line;
    const push = (kind: TokenKind, value: string, end: number) => {
      tokens.push({ kind, text: value, line: startLine, column });
      advanceTo(end);
    };

    if (isWordStart(c)) {
      let end = i + 1;
      while (end < text.length && isWordPart(text[end])) end++;
      push('word', text.slice(i, end), end);
    } else if (isDigit(c)) {
      const match = /^\d+(\.\d*)?([eE][+-]?\d+)?/.exec(text.slice(i));
      const literal = match![0];
      if (i + literal.length < text.length && isWordStart(text[i + literal.length])) {
        fail(i + literal.length, `unexpected character '${text[i + literal.length]}'`);
      }
      push('number', literal, i + literal.length);
    } else if (c === "'" || c === '"') {
      let value = '';
      let end = i + 1;
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
      push(c === "'" ? 'string' : 'quoted', value, end + 1);
    } else if (c === '`') {
      const end = endOfIonLiteral(text, i + 1);
      if (end < 0) fail(start, 'unterminated Ion literal');
      push('ion', text.slice(i + 1, end), end + 1);
    } else {
      const punct = PUNCTUATION.find((p) => text.startsWith(p, i));
      if (!punct) fail(i, `unexpected character '${c}'`);
      push('punct', punct!, i + punct!.length);
    }
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
